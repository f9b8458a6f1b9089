// The frame every citizen journey uses (issue #16, defect 4): the title and step progress at the
// top, the step's content in the one scrolling region, the keyboard dock (below the content in
// portrait, beside it in landscape, so it never covers a field or results), and a sticky action
// bar that is always on screen. A new step opens at the top, and for a moment after it appears taps are ignored, so a
// double tap on one step's button never lands on the next step's (defect 1).
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../../app/KioskContext';
import { useHelp } from '../../help/HelpContext';
import { useVoicePrompt } from '../../app/VoiceContext';
import { KeyboardDockContext } from '../keyboard/KeyboardDock';
import { VoiceControls } from '../VoiceControls';
import { stepFamilyOf, type StepKey } from './stepKeys';

export interface JourneyLayoutProps {
  readonly title: string;
  /** Identifies the step on screen: a change scrolls to the top and starts the input guard; its family names the spoken prompt. */
  readonly stepKey: StepKey;
  /** Step labels in order and the index of the current one; absent = no progress bar. */
  readonly steps?: readonly string[];
  readonly current?: number;
  readonly children: ReactNode;
  readonly onBack?: () => void;
  readonly backLabel?: string;
  readonly onNext?: () => void;
  readonly nextLabel?: string;
  readonly nextDisabled?: boolean;
  /** Replaces back/next with the finished journey's own buttons (ResultScreen). */
  readonly actions?: ReactNode;
  readonly testId?: string;
}

export function JourneyLayout(props: JourneyLayoutProps) {
  const { t } = useTranslation();
  const guarded = useStepGuard(props.stepKey);
  useVoicePrompt(stepFamilyOf(props.stepKey));
  const bodyRef = useRef<HTMLDivElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const [dock, setDock] = useState<HTMLDivElement | null>(null);
  // Each step opens at its top, with the title announced (focus moves without scrolling the body).
  useLayoutEffect(() => {
    if (bodyRef.current) bodyRef.current.scrollTop = 0;
    titleRef.current?.focus({ preventScroll: true });
  }, [props.stepKey]);
  const help = useHelp();
  const mainRef = useRef<HTMLElement>(null);
  // Struggle detection (src-renderer/help): the frame reports the step, each 返回, and a primary
  // tap that leaves the citizen on the same step with an error showing (a refused submission).
  useEffect(() => help.stepShown(props.stepKey), [help, props.stepKey]);
  const onBack = props.onBack;
  const back = onBack
    ? () => {
        help.backTapped();
        onBack();
      }
    : undefined;
  const onNext = props.onNext;
  const next = onNext
    ? () => {
        const stepKey = props.stepKey;
        onNext();
        requestAnimationFrame(() => {
          const main = mainRef.current;
          if (main && main.dataset.stepKey === stepKey && main.querySelector('.journey__body [role="alert"]')) help.validationFailed();
        });
      }
    : undefined;
  const hasActions = Boolean(props.actions || props.onBack || props.onNext);
  return (
    <main ref={mainRef} className={`journey ${guarded ? 'journey--guarded' : ''}`} data-testid={props.testId} data-step-key={props.stepKey} aria-busy={guarded || undefined}>
      <div className="journey__head">
        <div className="voice-title-row">
          <h1 className="journey__title" id="journey-title" ref={titleRef} tabIndex={-1}>
            {props.title}
          </h1>
          <VoiceControls tone="light" />
        </div>
        {props.steps && props.current !== undefined && <StepProgress steps={props.steps} current={props.current} />}
      </div>
      {/* The body and, when a keyboard is open, its dock: below the body in portrait, beside it in landscape. */}
      <div className="journey__middle">
        <KeyboardDockContext.Provider value={dock}>
          {/* Focusable, so a keyboard or switch user can scroll a long step that has nothing else to focus. */}
          <div className="journey__body" ref={bodyRef} data-testid="journey-body" tabIndex={0} role="region" aria-labelledby="journey-title">
            {props.children}
          </div>
        </KeyboardDockContext.Provider>
        <div className="journey__keyboard" ref={setDock} />
      </div>
      {hasActions && (
        <div className="journey__actions" data-testid="action-bar">
          {props.actions ?? (
            <>
              {back ? (
                <button type="button" className="button" data-testid="journey-back" onClick={back}>
                  {props.backLabel ?? t('common.back')}
                </button>
              ) : (
                <span />
              )}
              {next && (
                <button type="button" className="button button--primary" data-testid="journey-next" disabled={props.nextDisabled} onClick={next}>
                  {props.nextLabel ?? t('common.next')}
                </button>
              )}
            </>
          )}
        </div>
      )}
    </main>
  );
}

/** True for `stepInputGuardMs` (config) after the step key changes. */
function useStepGuard(stepKey: string): boolean {
  const guardMs = useKiosk().status.ui.stepInputGuardMs;
  const [guardedKey, setGuardedKey] = useState<string | undefined>(guardMs > 0 ? stepKey : undefined);
  const previous = useRef(stepKey);
  if (previous.current !== stepKey) {
    previous.current = stepKey;
    if (guardMs > 0 && guardedKey !== stepKey) setGuardedKey(stepKey);
  }
  useEffect(() => {
    if (guardedKey === undefined) return;
    const timer = setTimeout(() => setGuardedKey(undefined), guardMs);
    return () => clearTimeout(timer);
  }, [guardedKey, guardMs]);
  return guardedKey === stepKey;
}

export function StepProgress(props: { readonly steps: readonly string[]; readonly current: number }) {
  const { t } = useTranslation();
  return (
    <ol className="steps" aria-label={t('common.progress')}>
      {props.steps.map((label, i) => (
        <li
          key={label}
          className={`steps__item ${i < props.current ? 'steps__item--done' : ''} ${i === props.current ? 'steps__item--current' : ''}`}
          aria-current={i === props.current ? 'step' : undefined}
        >
          <span className="steps__number" aria-hidden="true">
            {i < props.current ? '✓' : i + 1}
          </span>
          <span className="steps__label">{label}</span>
        </li>
      ))}
    </ol>
  );
}
