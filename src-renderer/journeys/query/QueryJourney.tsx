// The 查询 journey: a case number typed on the keyboard or scanned from the receipt's tracking QR,
// then the platform's status shown as a progress line. Online only, and it says so.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_PROGRESS_ORDER, type CaseProgress } from '../../../src-common/api/cases';
import type { JourneyProps } from '../journeyProps';
import { useKiosk } from '../../app/KioskContext';
import { formatClock } from '../../components/Header';
import { JourneyLayout } from '../../components/journey/JourneyLayout';
import { OnScreenKeyboard } from '../../components/keyboard/OnScreenKeyboard';
import { useErrorSentence } from '../../i18n/useErrorSentence';
import '../../styles/query.css';

const CASE_NUMBER = /^[A-Z0-9]{2,16}-\d{8}-\d{4}$/;

type QueryState =
  /** Typing or scanning the case number. */
  | { readonly kind: 'enter'; readonly error?: string }
  | { readonly kind: 'querying' }
  | { readonly kind: 'found'; readonly caseNumber: string; readonly status: CaseProgress; readonly serviceName: string; readonly updatedAt: string; readonly note?: string };

export default function QueryJourney(props: JourneyProps) {
  const { t } = useTranslation('query');
  const kiosk = useKiosk();
  const { client } = kiosk;
  const errorSentence = useErrorSentence();
  const [value, setValue] = useState('');
  const [state, setState] = useState<QueryState>({ kind: 'enter' });

  const query = useCallback(
    async (raw: string) => {
      const caseNumber = raw.trim().toUpperCase();
      if (!CASE_NUMBER.test(caseNumber)) {
        setState({ kind: 'enter', error: t('invalid') });
        return;
      }
      setState({ kind: 'querying' });
      await kiosk.ensureSession();
      const r = await client.call('Case.Query', { caseNumber });
      if (r.ok) setState({ kind: 'found', ...r.value });
      else setState({ kind: 'enter', error: r.error.errorCode === 'caseNotFound' ? t('notFound', { caseNumber }) : errorSentence('Case.Query', r.error) });
    },
    [client, kiosk, t, errorSentence],
  );

  useEffect(() => {
    if (state.kind !== 'enter') return;
    let stop: (() => void) | undefined;
    void kiosk.ensureSession().then(() => {
      stop = client.subscribe('Scanner.Scans', {}, ({ payload: scan }) => {
        if (scan.kind === 'caseNumber') {
          setValue(scan.text);
          void query(scan.text);
        }
      });
    });
    return () => stop?.();
  }, [client, kiosk, query, state.kind]);

  if (state.kind === 'found') {
    const reached = state.status === 'rejected' ? 1 : CASE_PROGRESS_ORDER.indexOf(state.status);
    const line: CaseProgress[] = state.status === 'rejected' ? ['received', 'rejected'] : [...CASE_PROGRESS_ORDER];
    const when = formatClock(new Date(state.updatedAt), kiosk.language);
    return (
      <JourneyLayout title={t('title')} onBack={() => setState({ kind: 'enter' })} backLabel={t('another')} onNext={props.onExit} nextLabel={kiosk.language === 'en' ? 'Home' : '首页'} testId="query-result">
        <section className="card">
          <h2 data-testid="query-case-number">{t('result', { caseNumber: state.caseNumber })}</h2>
          <p className="query-service">{state.serviceName}</p>
          <ol className="query-line">
            {line.map((step, i) => (
              <li key={step} className={`query-line__step ${i <= reached ? 'query-line__step--done' : ''} ${step === state.status ? 'query-line__step--current' : ''} ${step === 'rejected' ? 'query-line__step--rejected' : ''}`} aria-current={step === state.status ? 'step' : undefined}>
                <span className="query-line__dot" aria-hidden="true">
                  {i <= reached ? (step === 'rejected' ? '!' : '✓') : ''}
                </span>
                <span>{t(`status.${step}`)}</span>
              </li>
            ))}
          </ol>
          <p className="query-status" data-testid="query-status">
            {t(`status.${state.status}`)}
          </p>
          {state.note && <p className={`notice ${state.status === 'rejected' ? 'notice--error' : 'notice--ok'}`}>{state.note}</p>}
          <p className="muted">{t('updatedAt', { time: `${when.date} ${when.time}` })}</p>
        </section>
      </JourneyLayout>
    );
  }

  return (
    <JourneyLayout title={t('title')} onBack={props.onExit} testId="query-enter">
      <section className="card">
        <h2 id="case-label">{t('enter')}</h2>
        <p className="muted">{t('hint')}</p>
        <input className="query-input" aria-labelledby="case-label" data-testid="case-input" readOnly inputMode="none" value={value} />
        {state.kind === 'enter' && state.error && (
          <p className="notice notice--error" role="alert" data-testid="query-error">
            {state.error}
          </p>
        )}
        <OnScreenKeyboard value={value} onChange={(v) => setValue(v.toUpperCase())} modes={['letters']} maxLength={30} onDone={() => void query(value)} />
        <div className="journey__footer">
          <span />
          <button type="button" className="button button--primary" data-testid="case-query" disabled={state.kind === 'querying'} onClick={() => void query(value)}>
            {state.kind === 'querying' ? t('querying') : t('query')}
          </button>
        </div>
      </section>
    </JourneyLayout>
  );
}
