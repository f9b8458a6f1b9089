// The last two steps of the print journeys (proofs, certificate pickup): the printer at work,
// and the footer after its answer (another document, or finish and end the session).
import { useKiosk } from '../../app/KioskContext';
import { JourneyLayout } from '../../components/journey/JourneyLayout';

export function PrintingStep(props: { readonly title: string; readonly steps: readonly string[]; readonly message: string; readonly testId: string }) {
  return (
    <JourneyLayout title={props.title} steps={props.steps} current={props.steps.length - 1} testId={props.testId}>
      <section className="card proof-center" aria-live="polite">
        <div className="spinner" aria-hidden="true" />
        <p className="proof-big">{props.message}</p>
      </section>
    </JourneyLayout>
  );
}

export function AnotherOrFinish(props: { readonly anotherLabel: string; readonly finishLabel: string; readonly onAnother: () => void; readonly testIdPrefix: string }) {
  const kiosk = useKiosk();
  return (
    <div className="journey__footer">
      <button type="button" className="button" data-testid={`${props.testIdPrefix}-another`} onClick={props.onAnother}>
        {props.anotherLabel}
      </button>
      <button type="button" className="button button--primary" data-testid={`${props.testIdPrefix}-finish`} onClick={() => void kiosk.endSession('completed')}>
        {props.finishLabel}
      </button>
    </div>
  );
}
