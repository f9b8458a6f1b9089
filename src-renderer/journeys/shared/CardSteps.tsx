// The consent and ID card steps drawn in the journey frame, for journeys that only need to know who
// the citizen is (proofs, certificate pickup). The journey owns the state (cardSteps.ts).
import type { IdCardData } from '../../../src-common/api/devices';
import type { IdCardField } from '../../../src-common/privacy/idCardFields';
import { JourneyLayout } from '../../components/journey/JourneyLayout';
import type { CardStepEvent, CardStepState } from './cardSteps';
import { ConsentStep, IdentifyStep, type ConsentPurpose } from './IdentitySteps';
import { useCardRead } from './useCardRead';

export function CardSteps(props: {
  readonly state: CardStepState;
  readonly dispatch: (event: CardStepEvent) => void;
  /** Called once the card is read and its number passed the check. */
  readonly onRead: (card: IdCardData) => void;
  readonly onExit: () => void;
  readonly title: string;
  readonly steps: readonly string[];
  readonly targetName: string;
  readonly agreeLabel: string;
  readonly fields: readonly IdCardField[];
  readonly purpose: ConsentPurpose;
  readonly testIdPrefix: string;
}) {
  const { state, dispatch } = props;
  useCardRead(state.kind === 'identify' ? state.attempt : 0, props.fields, { reader: (reader) => dispatch({ type: 'reader', reader }), read: props.onRead });
  if (state.kind === 'consent') {
    return (
      <JourneyLayout title={props.title} stepKey="consent" steps={props.steps} current={0} onBack={props.onExit} onNext={() => dispatch({ type: 'consentGiven' })} nextLabel={props.agreeLabel} testId={`${props.testIdPrefix}-consent`}>
        <ConsentStep targetName={props.targetName} fields={props.fields} purpose={props.purpose} />
      </JourneyLayout>
    );
  }
  return (
    <JourneyLayout title={props.title} stepKey="identify" steps={props.steps} current={1} onBack={props.onExit} testId={`${props.testIdPrefix}-identify`}>
      <IdentifyStep reader={state.reader} onRetry={() => dispatch({ type: 'retryRead' })} />
    </JourneyLayout>
  );
}
