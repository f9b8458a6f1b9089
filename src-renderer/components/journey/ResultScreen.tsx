// The one result screen of every service (issue #16, defect 12): a mark and a headline that say how
// it went, the service's own details below, and the same two buttons everywhere. "完成并退出"
// never sits where the previous step's primary button was (the right of the action bar), so a
// second tap of "确认提交" cannot end the session before the citizen has seen the result (defect 1).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../../app/KioskContext';
import { JourneyLayout } from './JourneyLayout';
import type { StepKey } from './stepKeys';

export type ResultTone =
  | 'ok' // done: paid, printed, submitted
  | 'warn' // done with a caveat, or nothing happened (canceled, queued)
  | 'error'; // could not be done; the headline says what next

export interface ResultScreenProps {
  readonly title: string;
  readonly stepKey: StepKey;
  readonly steps?: readonly string[];
  readonly current?: number;
  readonly tone: ResultTone;
  readonly headline: string;
  readonly testId: string;
  readonly children?: ReactNode;
  /** "办理其他事项", "打印其他证明", …: starts another of the same kind in this session. */
  readonly another?: { readonly label: string; readonly onPress: () => void };
}

export function ResultScreen(props: ResultScreenProps) {
  const { t } = useTranslation();
  const kiosk = useKiosk();
  const actions = (
    <div className="result-actions">
      <button type="button" className="button button--primary" data-testid="result-finish" onClick={() => kiosk.endSession('completed')}>
        {t('common.finish')}
      </button>
      {props.another && (
        <button type="button" className="button" data-testid="result-another" onClick={props.another.onPress}>
          {props.another.label}
        </button>
      )}
    </div>
  );
  return (
    <JourneyLayout title={props.title} stepKey={props.stepKey} {...(props.steps ? { steps: props.steps, current: props.current ?? props.steps.length - 1 } : {})} actions={actions} testId={props.testId}>
      <section className={`card result-head result-head--${props.tone}`} data-tone={props.tone}>
        <span className="result-head__mark" aria-hidden="true">
          <svg viewBox="0 0 48 48">
            <circle cx="24" cy="24" r="22" />
            {props.tone === 'ok' ? <path d="M13 25l7 7 15-16" /> : <path d="M24 12v16M24 35v1" />}
          </svg>
        </span>
        <p className="result-head__headline" role="status" data-testid="result-headline">
          {props.headline}
        </p>
      </section>
      {props.children}
    </JourneyLayout>
  );
}
