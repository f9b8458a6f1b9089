// The 查询 journey: a case number typed on the keyboard or scanned from the receipt's tracking QR,
// then the platform's status shown as a progress line. Online only, and it says so.
import { useReducer } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_PROGRESS_ORDER, type CaseProgress } from '../../../src-common/api/cases';
import { JourneyLayout } from '../../components/journey/JourneyLayout';
import { OnScreenKeyboard } from '../../components/keyboard/OnScreenKeyboard';
import { useFormat } from '../../i18n/format';
import { useErrorSentence } from '../../i18n/useErrorSentence';
import type { JourneyProps } from '../journeyProps';
import { INITIAL_QUERY_STATE, queryReducer, type QueryProblem } from './queryMachine';
import { useQueryEffects } from './useQueryEffects';
import '../../styles/query.css';

type Translate = (key: string, options?: Record<string, unknown>) => string;
type ErrorSentence = ReturnType<typeof useErrorSentence>;

/** The one place a query problem becomes a sentence. */
function problemText(problem: QueryProblem, t: Translate, errorSentence: ErrorSentence): string {
  switch (problem.kind) {
    case 'invalid':
      return t('invalid');
    case 'notFound':
      return t('notFound', { caseNumber: problem.caseNumber });
    case 'failed':
      return errorSentence(problem.failure.method, problem.failure.error);
  }
}

export default function QueryJourney(props: JourneyProps) {
  const { t } = useTranslation('query');
  const format = useFormat();
  const errorSentence = useErrorSentence();
  const [state, dispatch] = useReducer(queryReducer, INITIAL_QUERY_STATE);
  useQueryEffects(state, dispatch);

  if (state.kind === 'found') {
    const result = state.result;
    const reached = result.status === 'rejected' ? 1 : CASE_PROGRESS_ORDER.indexOf(result.status);
    const line: CaseProgress[] = result.status === 'rejected' ? ['received', 'rejected'] : [...CASE_PROGRESS_ORDER];
    return (
      <JourneyLayout title={t('title')} stepKey="query-found" onBack={() => dispatch({ type: 'another' })} backLabel={t('another')} onNext={props.onExit} nextLabel={t('common:common.home')} testId="query-result">
        <section className="card">
          <h2 data-testid="query-case-number">{t('result', { caseNumber: result.caseNumber })}</h2>
          <p className="query-service" data-testid="query-service">{result.service ? format.text(result.service) : result.serviceName}</p>
          <ol className="query-line" aria-label={t('progress')}>
            {line.map((step, i) => (
              <li key={step} className={`query-line__step ${i <= reached ? 'query-line__step--done' : ''} ${step === result.status ? 'query-line__step--current' : ''} ${step === 'rejected' ? 'query-line__step--rejected' : ''}`} aria-current={step === result.status ? 'step' : undefined}>
                <span className="query-line__dot" aria-hidden="true">
                  {i <= reached ? (step === 'rejected' ? '!' : '✓') : ''}
                </span>
                <span>{t(`status.${step}`)}</span>
              </li>
            ))}
          </ol>
          <p className="query-status" data-testid="query-status">
            {t(`status.${result.status}`)}
          </p>
          {result.note && <p className={`notice ${result.status === 'rejected' ? 'notice--error' : 'notice--ok'}`}>{result.note}</p>}
          <p className="muted">{t('updatedAt', { time: format.dateTime(result.updatedAt) })}</p>
        </section>
      </JourneyLayout>
    );
  }

  const typed = state.typed;
  return (
    <JourneyLayout
      title={t('title')}
      stepKey="query-enter"
      onBack={props.onExit}
      backLabel={t('common:common.home')}
      onNext={() => dispatch({ type: 'submitted' })}
      nextLabel={state.kind === 'querying' ? t('querying') : t('query')}
      nextDisabled={state.kind === 'querying'}
      testId="query-enter"
    >
      <section className="card">
        <h2 id="case-label">{t('enter')}</h2>
        <p className="muted">{t('hint')}</p>
        <input className="query-input" aria-labelledby="case-label" data-testid="case-input" readOnly inputMode="none" value={typed} />
        {state.kind === 'enter' && state.problem && (
          <p className="notice notice--error" role="alert" data-testid="query-error">
            {problemText(state.problem, t, errorSentence)}
          </p>
        )}
      </section>
      <OnScreenKeyboard value={typed} onChange={(v) => dispatch({ type: 'typed', value: v })} modes={['letters']} maxLength={30} label={t('enter')} onDone={() => dispatch({ type: 'submitted' })} />
    </JourneyLayout>
  );
}
