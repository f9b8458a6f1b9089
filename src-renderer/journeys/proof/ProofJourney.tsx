// The 打印证明 journey: consent, the ID card, the kind of proof, then the platform issues it and
// the A4 printer prints it. The screen shows the verification code and what the printer said.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../src-common/api/envelope';
import type { ProofKind } from '../../../src-common/wire/proofsWire';
import type { JourneyProps } from '../journeyProps';
import { useKiosk } from '../../app/KioskContext';
import { JourneyLayout } from '../../components/journey/JourneyLayout';
import { useErrorSentence } from '../../i18n/useErrorSentence';
import { CardSteps, type CardStepState } from '../shared/CardSteps';
import { AnotherOrFinish, PrintingStep } from '../shared/PrintSteps';
import '../../styles/apply.css';

const KINDS: readonly ProofKind[] = ['socialInsurance', 'housingFund', 'residence'];

type ProofState =
  | CardStepState // consent, then the ID card
  | { readonly kind: 'choose' } // which proof
  | { readonly kind: 'printing'; readonly proof: ProofKind } // the platform issues, the printer prints
  | { readonly kind: 'done'; readonly proof: ProofKind; readonly code: string; readonly outcome: string } // printed (or not), with the code
  | { readonly kind: 'failed'; readonly proof: ProofKind; readonly error: ApiError }; // not issued

export default function ProofJourney(props: JourneyProps) {
  const { t } = useTranslation('proof');
  const kiosk = useKiosk();
  const { client } = kiosk;
  const errorSentence = useErrorSentence();
  const [state, setState] = useState<ProofState>({ kind: 'consent' });
  const steps = [t('steps.consent'), t('steps.identify'), t('steps.choose'), t('steps.print')];


  const print = async (proof: ProofKind) => {
    setState({ kind: 'printing', proof });
    const r = await client.call('Proof.Print', { kind: proof, idempotencyKey: `proof-${proof}-${Date.now()}` });
    if (!r.ok) setState({ kind: 'failed', proof, error: r.error });
    else setState({ kind: 'done', proof, code: r.value.verificationCode, outcome: r.value.print.outcome });
  };

  switch (state.kind) {
    case 'consent':
    case 'identify':
      return (
        <CardSteps
          state={state}
          onChange={setState}
          onRead={() => setState({ kind: 'choose' })}
          onExit={props.onExit}
          title={t('title')}
          steps={steps}
          targetName={t('targetName')}
          agreeLabel={t('agree')}
          testIdPrefix="proof"
        />
      );
    case 'choose':
      return (
        <JourneyLayout title={t('title')} steps={steps} current={2} onBack={props.onExit} testId="proof-choose">
          <section className="card">
            <h2>{t('choose')}</h2>
            <p className="muted">{t('chooseHint')}</p>
            <div className="proof-kinds">
              {KINDS.map((k) => (
                <button key={k} type="button" className="proof-kind" data-testid={`proof-kind-${k}`} onClick={() => void print(k)}>
                  <strong>{t(`kinds.${k}.title`)}</strong>
                  <span>{t(`kinds.${k}.hint`)}</span>
                </button>
              ))}
            </div>
          </section>
        </JourneyLayout>
      );
    case 'printing':
      return <PrintingStep title={t('title')} steps={steps} message={t('printing')} testId="proof-printing" />;
    case 'done':
    case 'failed': {
      const printed = state.kind === 'done' && state.outcome === 'printed';
      const message =
        state.kind === 'failed' ? errorSentence('Proof.Print', state.error) : printed ? t('printed') : t('printFailed', { code: state.code });
      return (
        <JourneyLayout title={t(`kinds.${state.proof}.title`)} steps={steps} current={3} testId="proof-result">
          <section className="card proof-center">
            <p className={`notice ${printed ? 'notice--ok' : 'notice--error'}`} role="status" data-testid="proof-message">
              {message}
            </p>
            {state.kind === 'done' && (
              <p className="proof-code" data-testid="proof-code">
                {t('verification', { code: state.code })}
              </p>
            )}
          </section>
          <AnotherOrFinish anotherLabel={t('another')} finishLabel={t('finish')} onAnother={() => setState({ kind: 'choose' })} testIdPrefix="proof" />
        </JourneyLayout>
      );
    }
  }
}
