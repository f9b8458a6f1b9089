// The consent and ID card steps drawn in the journey frame, for journeys that only need to know who
// the citizen is (proofs, certificate pickup). The journey owns the state (cardSteps.ts); its i18n
// namespace (named like the purpose) gives the title, what is being done and the agree button.
import { useTranslation } from 'react-i18next';
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
  readonly steps: readonly string[];
  readonly fields: readonly IdCardField[];
  readonly purpose: Exclude<ConsentPurpose, 'apply'>;
}) {
  const { t } = useTranslation(props.purpose);
  const { state, dispatch } = props;
  const title = t('title');
  useCardRead(state.kind === 'identify' ? state.attempt : 0, props.fields, { reader: (reader) => dispatch({ type: 'reader', reader }), read: props.onRead });
  if (state.kind === 'consent') {
    return (
      <JourneyLayout title={title} stepKey="consent" steps={props.steps} current={0} onBack={props.onExit} onNext={() => dispatch({ type: 'consentGiven' })} nextLabel={t('agree')} testId={`${props.purpose}-consent`}>
        <ConsentStep targetName={t('targetName')} fields={props.fields} purpose={props.purpose} />
      </JourneyLayout>
    );
  }
  return (
    <JourneyLayout title={title} stepKey="identify" steps={props.steps} current={1} onBack={props.onExit} testId={`${props.purpose}-identify`}>
      <IdentifyStep reader={state.reader} onRetry={() => dispatch({ type: 'retryRead' })} />
    </JourneyLayout>
  );
}
