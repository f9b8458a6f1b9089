// The frame every citizen journey uses: title, step progress, the step's content, and a footer
// with back and next. Journeys are explicit state machines; this only draws their current step.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface JourneyLayoutProps {
  readonly title: string;
  /** Step labels in order and the index of the current one; absent = no progress bar. */
  readonly steps?: readonly string[];
  readonly current?: number;
  readonly children: ReactNode;
  readonly onBack?: () => void;
  readonly backLabel?: string;
  readonly onNext?: () => void;
  readonly nextLabel?: string;
  readonly nextDisabled?: boolean;
  readonly testId?: string;
}

export function JourneyLayout(props: JourneyLayoutProps) {
  const { t } = useTranslation();
  return (
    <main className="journey" data-testid={props.testId}>
      <h1 className="journey__title">{props.title}</h1>
      {props.steps && props.current !== undefined && <StepProgress steps={props.steps} current={props.current} />}
      {props.children}
      {(props.onBack || props.onNext) && (
        <div className="journey__footer">
          {props.onBack ? (
            <button type="button" className="button" data-testid="journey-back" onClick={props.onBack}>
              {props.backLabel ?? t('common.back')}
            </button>
          ) : (
            <span />
          )}
          {props.onNext && (
            <button type="button" className="button button--primary" data-testid="journey-next" disabled={props.nextDisabled} onClick={props.onNext}>
              {props.nextLabel ?? t('common.next')}
            </button>
          )}
        </div>
      )}
    </main>
  );
}

export function StepProgress(props: { readonly steps: readonly string[]; readonly current: number }) {
  return (
    <ol className="steps" aria-label="progress">
      {props.steps.map((label, i) => (
        <li
          key={label}
          className={`steps__item ${i < props.current ? 'steps__item--done' : ''} ${i === props.current ? 'steps__item--current' : ''}`}
          aria-current={i === props.current ? 'step' : undefined}
        >
          <span className="steps__number">{i < props.current ? '✓' : i + 1}</span>
          <span className="steps__label">{label}</span>
        </li>
      ))}
    </ol>
  );
}
