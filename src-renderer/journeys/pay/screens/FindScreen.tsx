// 缴费, step one: a fee of this visit, or a payment notice number typed on the digit pad (grouped
// in fours as it is typed) or scanned from the notice.
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../src-common/domain/money';
import { JourneyLayout } from '../../../components/journey/JourneyLayout';
import { OnScreenKeyboard } from '../../../components/keyboard/OnScreenKeyboard';
import { groupDigits, useFormat } from '../../../i18n/format';
import { useErrorSentence } from '../../../i18n/useErrorSentence';
import { noticeLookup, type FindProblem, type PayEvent, type PayState } from '../payMachine';
import type { SessionFee } from '../usePayEffects';

export function FindScreen(props: {
  readonly state: Extract<PayState, { kind: 'find' | 'lookingUp' }>;
  readonly dispatch: (event: PayEvent) => void;
  readonly sessionFees: readonly SessionFee[];
  readonly steps: readonly string[];
  readonly onExit: () => void;
}) {
  const { t } = useTranslation('pay');
  const format = useFormat();
  const errorSentence = useErrorSentence();
  const { state, dispatch } = props;
  const lookingUp = state.kind === 'lookingUp';
  return (
    <JourneyLayout
      title={t('title')}
      stepKey="pay-find"
      steps={props.steps}
      current={0}
      onBack={props.onExit}
      backLabel={t('common:common.home')}
      onNext={() => dispatch(noticeLookup(state.notice))}
      nextLabel={lookingUp ? t('find.looking') : t('find.lookup')}
      nextDisabled={lookingUp}
      testId="pay-find"
    >
      <section className="card">
        <h2>{t('find.sessionCases')}</h2>
        {props.sessionFees.length === 0 ? (
          <p className="muted">{t('find.noSessionCases')}</p>
        ) : (
          <div className="pay-options">
            {props.sessionFees.map((c) => (
              <button key={c.caseNumber} type="button" className="pay-option" data-testid={`pay-case-${c.caseNumber}`} onClick={() => dispatch({ type: 'lookup', payable: { kind: 'case', caseNumber: c.caseNumber } })}>
                <span>{t('find.caseFee', { name: format.text(c.name), caseNumber: c.caseNumber })}</span>
                <strong>{formatFen(c.feeFen)}</strong>
              </button>
            ))}
          </div>
        )}
      </section>
      <section className="card">
        <h2 id="notice-label">{t('find.notice')}</h2>
        <p className="muted">{t('find.noticeHint')}</p>
        <input className="pay-notice" aria-labelledby="notice-label" data-testid="notice-input" readOnly inputMode="none" value={groupDigits(state.notice)} />
        {state.kind === 'find' && state.problem && (
          <p className="notice notice--error" role="alert" data-testid="pay-error">
            {findProblemText(state.problem, t, errorSentence)}
          </p>
        )}
        <p className="muted">{t('find.scan')}</p>
      </section>
      <OnScreenKeyboard value={state.notice} onChange={(notice) => dispatch({ type: 'typed', notice })} modes={['digits']} maxLength={20} label={t('find.notice')} />
    </JourneyLayout>
  );
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The one place a lookup problem becomes a sentence. */
function findProblemText(problem: FindProblem, t: Translate, errorSentence: ReturnType<typeof useErrorSentence>): string {
  switch (problem.kind) {
    case 'invalidNotice':
      return t('find.noticeInvalid');
    case 'lookupFailed':
      return errorSentence(problem.failure.method, problem.failure.error);
  }
}
