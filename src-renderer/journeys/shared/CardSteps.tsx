// The first two steps of journeys that only need to know who the citizen is (proofs, certificate
// pickup): consent to reading the card, then the card itself. The journey owns the state; this
// draws the step and starts one read per attempt.
import type { ReaderState } from '../apply/applyMachine';
import { ConsentStep, IdentifyStep } from '../apply/IdentitySteps';
import { JourneyLayout } from '../../components/journey/JourneyLayout';
import { useCardRead } from './useCardRead';

export type CardStepState =
  | { readonly kind: 'consent' } // what is read from the card and why; nothing read yet
  | { readonly kind: 'identify'; readonly reader: ReaderState; readonly attempt: number }; // waiting for / reading the card

export function CardSteps(props: {
  readonly state: CardStepState;
  readonly onChange: (state: CardStepState) => void;
  /** Called once the card is read and its number passed the check. */
  readonly onRead: () => void;
  readonly onExit: () => void;
  readonly title: string;
  readonly steps: readonly string[];
  readonly targetName: string;
  readonly agreeLabel: string;
  readonly testIdPrefix: string;
}) {
  const { state, onChange } = props;
  useCardRead(state.kind === 'identify' ? state.attempt : 0, {
    reader: (reader) => state.kind === 'identify' && onChange({ ...state, reader }),
    read: props.onRead,
  });
  if (state.kind === 'consent') {
    return (
      <JourneyLayout title={props.title} steps={props.steps} current={0} onBack={props.onExit} onNext={() => onChange({ kind: 'identify', attempt: 1, reader: { kind: 'waiting' } })} nextLabel={props.agreeLabel} testId={`${props.testIdPrefix}-consent`}>
        <ConsentStep targetName={props.targetName} />
      </JourneyLayout>
    );
  }
  return (
    <JourneyLayout title={props.title} steps={props.steps} current={1} onBack={props.onExit} testId={`${props.testIdPrefix}-identify`}>
      <IdentifyStep reader={state.reader} onRetry={() => onChange({ kind: 'identify', attempt: state.attempt + 1, reader: { kind: 'waiting' } })} />
    </JourneyLayout>
  );
}
