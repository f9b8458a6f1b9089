// The 受理 journey (办事 and 一件事): catalog → consent → ID card → form → materials → review →
// signature → submit → result with the proactive push. The steps are the pure applyMachine; this
// component runs its effects (useApplyEffects) and draws the current step in the shared frame.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../../app/KioskContext';
import { JourneyLayout } from '../../components/journey/JourneyLayout';
import { ResultScreen } from '../../components/journey/ResultScreen';
import { useFormat } from '../../i18n/format';
import { useErrorSentence } from '../../i18n/useErrorSentence';
import type { JourneyProps } from '../journeyProps';
import { FaceCheckFailed, FaceCheckStep } from '../shared/FaceCheckStep';
import { ConsentStep, IdentifyStep } from '../shared/IdentitySteps';
import { applyReducer, initialApplyState, stepKeyOf, type ApplyEvent, type ApplyState, type ApplyStep, type CatalogChoice } from './applyMachine';
import { CatalogBrowser, type JourneyMode } from './CatalogBrowser';
import { FormStep } from './FormStep';
import { GuideStep } from './GuideStep';
import { cardFieldsToRead, type JourneyTarget } from './journeyTarget';
import { MaterialsStep } from './MaterialsStep';
import { ResultStep, type RelatedOffers } from './ResultStep';
import { ReviewStep, SignatureStep } from './ReviewStep';
import { offersFor, rememberApplication, sessionMemory } from './sessionMemory';
import { useApplyEffects } from './useApplyEffects';
import '../../styles/apply.css';

type ProgressKey = 'guide' | 'consent' | 'identify' | 'faceCheck' | 'form' | 'materials' | 'review' | 'signature' | 'result';

/** The progress bar of an application: no card steps for a declared identity, 人证核验 where needed. */
function progressOf(target: JourneyTarget | undefined): readonly ProgressKey[] {
  const declared = target?.identity === 'declared';
  const face = !declared && target?.faceCheck;
  return ['guide', ...(declared ? [] : (['consent', 'identify'] as const)), ...(face ? (['faceCheck'] as const) : []), 'form', 'materials', 'review', 'signature', 'result'];
}

/** Which progress entry a step belongs to. */
function progressKeyOf(step: ApplyStep): ProgressKey {
  switch (step.kind) {
    case 'browse':
    case 'loading':
    case 'guide':
      return 'guide';
    case 'submitting':
    case 'submitFailed':
      return 'signature';
    default:
      return step.kind;
  }
}

/** Marks a tap for the journey benchmark; the step's effect measures until the next frame. */
function markTap(): void {
  performance.mark('apply:tap');
}

export function ApplyJourneyFor(props: JourneyProps & { readonly mode: JourneyMode }) {
  const { t } = useTranslation('apply');
  const { t: tFace } = useTranslation('faceCheck');
  const kiosk = useKiosk();
  const format = useFormat();
  const errorSentence = useErrorSentence();
  const { session, elderly } = kiosk;
  const memory = sessionMemory(session?.sessionId);
  const [state, rawDispatch] = useReducer(applyReducer, undefined, () =>
    initialApplyState({
      ...(memory.card ? { card: memory.card } : {}),
      ...(memory.cardRead ? { cardRead: memory.cardRead } : {}),
      ...(memory.consentAt ? { consentAt: memory.consentAt } : {}),
      ...(memory.faceVerified ? { faceVerified: true } : {}),
      fieldsPerPage: elderly ? 2 : 3,
      browse: { tab: props.mode === 'bundle' ? 'lifeEvent' : 'department', query: '' },
    }),
  );
  const [related, setRelated] = useState<RelatedOffers | undefined>();
  const stateRef = useRef<ApplyState>(state);
  stateRef.current = state;

  const dispatch = useCallback((event: ApplyEvent) => rawDispatch(event), []);
  /** Dispatch for a citizen's tap: marked for the benchmark. */
  const tap = useCallback((event: ApplyEvent) => {
    markTap();
    rawDispatch(event);
  }, []);

  // Tap → next screen rendered: measured one frame after the step changed.
  useEffect(() => {
    if (performance.getEntriesByName('apply:tap', 'mark').length === 0) return;
    const frame = requestAnimationFrame(() => {
      performance.measure('apply:step', 'apply:tap');
      performance.clearMarks('apply:tap');
    });
    return () => cancelAnimationFrame(frame);
  }, [state.step]);

  const choose = useCallback((choice: CatalogChoice) => tap({ type: 'choose', choice }), [tap]);

  // The next item of this session need not check the same face again (the core knows it too).
  useEffect(() => {
    sessionMemory(session?.sessionId).faceVerified = state.faceVerified;
  }, [state.faceVerified, session?.sessionId]);

  useApplyEffects({
    state,
    dispatch,
    offers: (target) => offersFor(target, sessionMemory(session?.sessionId)),
    onCardRead: (card, fields) => {
      const m = sessionMemory(session?.sessionId);
      m.card = card;
      m.cardRead = fields;
      m.consentAt = stateRef.current.consentAt;
    },
    onSubmitted: () => rememberApplication(stateRef.current, sessionMemory(session?.sessionId)),
    onRelated: setRelated,
  });

  const step = state.step;
  const target = state.target;
  const targetName = target ? format.text(target.name) : '';
  const title = target && step.kind !== 'browse' && step.kind !== 'loading' ? `${t(`title.${props.mode}`)} · ${targetName}` : t(`title.${props.mode}`);
  const progress = progressOf(target);
  const steps = progress.map((k) => (k === 'faceCheck' ? tFace('step') : t(`steps.${k}`)));
  const stepKey = stepKeyOf(step);
  const layout = (body: React.ReactNode, footer: { onBack?: () => void; backLabel?: string; onNext?: () => void; nextLabel?: string; nextDisabled?: boolean } = {}) => (
    <JourneyLayout title={title} stepKey={stepKey} testId={`journey-${props.mode}`} {...(step.kind !== 'browse' ? { steps, current: Math.max(0, progress.indexOf(progressKeyOf(step))) } : {})} {...footer}>
      <div className="apply-body" data-step={step.kind}>
        {body}
      </div>
    </JourneyLayout>
  );
  const back = () => tap({ type: 'back' });
  const next = () => tap({ type: 'next' });

  switch (step.kind) {
    case 'browse':
      return layout(
        <CatalogBrowser mode={props.mode} browse={state.browse} onBrowse={(browse) => dispatch({ type: 'browse', browse })} {...(state.notice ? { notice: errorSentence(state.notice.method, state.notice.error) } : {})} onChoose={choose} />,
        { onBack: props.onExit, backLabel: t('common:common.home') },
      );
    case 'loading':
      return layout(<div className="spinner" role="progressbar" aria-label={t('browse.loading')} />);
    case 'guide':
      return layout(target ? <GuideStep target={target} /> : null, { onBack: back, onNext: next, nextLabel: t('guide.start') });
    case 'consent':
      return layout(<ConsentStep targetName={targetName} fields={target ? cardFieldsToRead(target) : []} purpose="apply" />, {
        onBack: back,
        backLabel: t('consent.decline'),
        onNext: () => tap({ type: 'consent', at: new Date().toISOString() }),
        nextLabel: t('consent.agree'),
      });
    case 'identify':
      return layout(<IdentifyStep reader={step.reader} onRetry={() => tap({ type: 'retryRead' })} />, { onBack: back });
    case 'faceCheck':
      if (step.face.kind === 'failed') return <FaceCheckFailed failure={step.face.failure} title={title} steps={steps} current={progress.indexOf('faceCheck')} testId={`journey-${props.mode}`} />;
      return layout(<FaceCheckStep phase={step.face} dispatch={dispatch} />, step.face.kind === 'camera' ? { onBack: back } : {});
    case 'form':
      return layout(<FormStep state={state} dispatch={dispatch} />, { onBack: back, onNext: next });
    case 'materials':
      return layout(<MaterialsStep state={state} dispatch={tap} />, step.capturing ? {} : { onBack: back, onNext: next });
    case 'review':
      return layout(<ReviewStep state={state} dispatch={tap} />, { onBack: back, onNext: next });
    case 'signature':
    case 'submitting':
    case 'submitFailed':
      return layout(
        <>
          <SignatureStep state={state} dispatch={dispatch} />
          {step.kind === 'submitting' && (
            <div className="overlay" role="status" data-testid="submitting">
              <div className="dialog">
                <div className="spinner" aria-hidden="true" />
                <p className="dialog__body">{t('submit.submitting')}</p>
              </div>
            </div>
          )}
        </>,
        {
          onBack: back,
          onNext: () => tap({ type: 'submit', idempotencyKey: crypto.randomUUID() }),
          nextLabel: step.kind === 'submitFailed' ? t('submit.retry') : t('submit.submit'),
          nextDisabled: step.kind === 'submitting',
        },
      );
    case 'result':
      return (
        <ResultScreen
          title={title}
          stepKey={stepKey}
          steps={steps}
          tone={step.sync === 'deadLetter' ? 'warn' : 'ok'}
          headline={t('result.accepted')}
          testId={`journey-${props.mode}`}
          another={{ label: t('result.another'), onPress: () => tap({ type: 'startAnother' }) }}
        >
          <ResultStep result={step.result} sync={step.sync} promisedWorkingDays={target?.promisedWorkingDays} related={related} onChoose={choose} />
        </ResultScreen>
      );
  }
}

/** The 办事 entry: single items (bundles are reachable from search and the push too). */
export default function ApplyJourney(props: JourneyProps) {
  return <ApplyJourneyFor {...props} mode="apply" />;
}
