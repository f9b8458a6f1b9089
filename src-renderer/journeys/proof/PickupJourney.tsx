// The 取证 journey: consent, the ID card, the holder's certificates ready for collection, then the
// certificate printer. A print that fails uses up nothing; the screen says what the printer said.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../src-common/api/envelope';
import type { JourneyProps } from '../journeyProps';
import { useKiosk } from '../../app/KioskContext';
import { JourneyLayout } from '../../components/journey/JourneyLayout';
import { useErrorSentence } from '../../i18n/useErrorSentence';
import { CardSteps, type CardStepState } from '../shared/CardSteps';
import { AnotherOrFinish, PrintingStep } from '../shared/PrintSteps';
import '../../styles/apply.css';

interface Entry {
  readonly certificateNumber: string;
  readonly title: string;
  readonly itemName: string;
  readonly issuingDepartment: string;
  readonly remainingQuota: number;
}

type PickupState =
  | CardStepState // consent, then the ID card
  | { readonly kind: 'list'; readonly entries?: readonly Entry[]; readonly error?: string } // ready certificates (loading while undefined)
  | { readonly kind: 'printing'; readonly entry: Entry } // the certificate printer is printing
  | { readonly kind: 'done'; readonly entry: Entry; readonly outcome: string } // the printer's answer
  | { readonly kind: 'refused'; readonly entry: Entry; readonly error: ApiError }; // the core refused the print (nothing printed)

export default function PickupJourney(props: JourneyProps) {
  const { t } = useTranslation('pickup');
  const kiosk = useKiosk();
  const { client } = kiosk;
  const errorSentence = useErrorSentence();
  const [state, setState] = useState<PickupState>({ kind: 'consent' });
  const steps = [t('steps.consent'), t('steps.identify'), t('steps.choose'), t('steps.print')];


  const loading = state.kind === 'list' && !state.entries && !state.error;
  useEffect(() => {
    if (!loading) return;
    void client.call('Certificate.Ready', {}).then((r) => setState(r.ok ? { kind: 'list', entries: r.value.certificates } : { kind: 'list', entries: [], error: errorSentence('Certificate.Ready', r.error) }));
  }, [loading, client, errorSentence]);

  const print = async (entry: Entry) => {
    setState({ kind: 'printing', entry });
    const r = await client.call('Certificate.Print', { certificateNumber: entry.certificateNumber, idempotencyKey: `pickup-${Date.now()}` });
    setState(r.ok ? { kind: 'done', entry, outcome: r.value.print.outcome } : { kind: 'refused', entry, error: r.error });
  };

  switch (state.kind) {
    case 'consent':
    case 'identify':
      return (
        <CardSteps
          state={state}
          onChange={setState}
          onRead={() => setState({ kind: 'list' })}
          onExit={props.onExit}
          title={t('title')}
          steps={steps}
          targetName={t('targetName')}
          agreeLabel={t('agree')}
          testIdPrefix="pickup"
        />
      );
    case 'list':
      return (
        <JourneyLayout title={t('title')} steps={steps} current={2} onBack={props.onExit} testId="pickup-list">
          <section className="card">
            <h2>{state.entries && state.entries.length > 0 ? t('choose') : loading ? t('loading') : t('none')}</h2>
            {state.error && (
              <p className="notice notice--error" role="alert">
                {state.error}
              </p>
            )}
            <div className="proof-kinds">
              {state.entries?.map((e) => (
                <button
                  key={e.certificateNumber}
                  type="button"
                  className={`proof-kind ${e.remainingQuota === 0 ? 'proof-kind--disabled' : ''}`}
                  aria-disabled={e.remainingQuota === 0}
                  data-testid={`pickup-${e.certificateNumber}`}
                  onClick={() => e.remainingQuota > 0 && void print(e)}
                >
                  <strong>{e.itemName}</strong>
                  <span>{e.issuingDepartment}</span>
                  <span data-testid={`pickup-quota-${e.certificateNumber}`}>{e.remainingQuota > 0 ? `${t('remaining', { count: e.remainingQuota })} · ${t('print')}` : t('collected')}</span>
                </button>
              ))}
            </div>
          </section>
        </JourneyLayout>
      );
    case 'printing':
      return <PrintingStep title={t('title')} steps={steps} message={t('printing')} testId="pickup-printing" />;
    case 'done':
    case 'refused': {
      const printed = state.kind === 'done' && state.outcome === 'printed';
      const message = state.kind === 'refused' ? errorSentence('Certificate.Print', state.error) : printed ? t('printed') : t('printFailed');
      return (
        <JourneyLayout title={state.entry.itemName} steps={steps} current={3} testId="pickup-result">
          <section className="card proof-center">
            <p className={`notice ${printed ? 'notice--ok' : 'notice--error'}`} role="status" data-testid="pickup-message">
              {message}
            </p>
          </section>
          <AnotherOrFinish anotherLabel={t('another')} finishLabel={t('finish')} onAnother={() => setState({ kind: 'list' })} testIdPrefix="pickup" />
        </JourneyLayout>
      );
    }
  }
}
