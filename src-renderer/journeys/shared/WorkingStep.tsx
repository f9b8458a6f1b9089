// A step where the kiosk is working and the citizen waits (issuing, printing): a spinner and one
// sentence, announced politely; no buttons, so nothing can be tapped twice.
import { JourneyLayout } from '../../components/journey/JourneyLayout';
import type { StepKey } from '../../components/journey/stepKeys';

export function WorkingStep(props: { readonly title: string; readonly stepKey: StepKey; readonly steps?: readonly string[]; readonly current?: number; readonly message: string; readonly testId: string }) {
  return (
    <JourneyLayout title={props.title} stepKey={props.stepKey} {...(props.steps ? { steps: props.steps, current: props.current ?? props.steps.length - 1 } : {})} testId={props.testId}>
      <section className="card working" aria-live="polite">
        <div className="spinner" aria-hidden="true" />
        <p className="working__message">{props.message}</p>
      </section>
    </JourneyLayout>
  );
}
