// The 取证 journey: consent (name and ID number only), the ID card, 人证核验 (a live photo against
// the card's; a failure ends here with 请到人工窗口办理), the holder's certificates ready for collection, the chosen one to check, then the certificate printer. A print that fails uses
// up nothing; the screen says so.
import { useReducer } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldsToRead } from '../../../src-common/privacy/idCardFields';
import { useKiosk } from '../../app/KioskContext';
import { JourneyLayout } from '../../components/journey/JourneyLayout';
import { ResultScreen } from '../../components/journey/ResultScreen';
import { useErrorSentence } from '../../i18n/useErrorSentence';
import type { JourneyProps } from '../journeyProps';
import { CardSteps } from '../shared/CardSteps';
import { isCardStep } from '../shared/cardSteps';
import { DocumentPreview } from '../shared/DocumentPreview';
import { FaceCheckFailed, FaceCheckStep } from '../shared/FaceCheckStep';
import { printOutcomeText } from '../shared/problems';
import { WorkingStep } from '../shared/WorkingStep';
import { INITIAL_PICKUP_STATE, pickupReducer } from './pickupMachine';
import { usePickupEffects } from './usePickupEffects';
import '../../styles/apply.css';

/** Collecting a certificate needs the holder's name and ID number, nothing else. */
const FIELDS = fieldsToRead([]);

export default function PickupJourney(props: JourneyProps) {
  const { t } = useTranslation('pickup');
  const { t: tFace } = useTranslation('faceCheck');
  const errorSentence = useErrorSentence();
  const kiosk = useKiosk();
  const [state, dispatch] = useReducer(pickupReducer, INITIAL_PICKUP_STATE);
  usePickupEffects(state, dispatch);
  const steps = [t('steps.consent'), t('steps.identify'), tFace('step'), t('steps.choose'), t('steps.check'), t('steps.print')];

  if (isCardStep(state)) {
    return (
      <CardSteps state={state} dispatch={dispatch} onRead={() => dispatch({ type: 'cardRead' })} onExit={props.onExit} steps={steps} fields={FIELDS} purpose="pickup" />
    );
  }
  switch (state.kind) {
    case 'faceCheck':
      return state.face.kind === 'failed' ? (
        <FaceCheckFailed failure={state.face.failure} title={t('title')} steps={steps} current={2} testId="pickup-face-failed" />
      ) : (
        <JourneyLayout title={t('title')} stepKey="faceCheck" steps={steps} current={2} onBack={props.onExit} backLabel={t('common:common.home')} testId="pickup-face">
          <FaceCheckStep phase={state.face} dispatch={dispatch} />
        </JourneyLayout>
      );
    case 'loading':
      return <WorkingStep title={t('title')} stepKey="pickup-loading" steps={steps} current={3} message={t('loading')} testId="pickup-loading" />;
    case 'list':
      return (
        <JourneyLayout title={t('title')} stepKey="pickup-list" steps={steps} current={3} onBack={props.onExit} backLabel={t('common:common.home')} testId="pickup-list">
          <section className="card">
            <h2>{state.entries.length > 0 ? t('choose') : state.problem ? t('listFailed') : t('none')}</h2>
            {state.problem && (
              <p className="notice notice--error" role="alert">
                {printOutcomeText(state.problem, t, errorSentence)}
              </p>
            )}
            <div className="proof-kinds">
              {state.entries.map((e) => (
                <button
                  key={e.certificateNumber}
                  type="button"
                  className={`proof-kind ${e.remainingQuota === 0 ? 'proof-kind--disabled' : ''}`}
                  aria-disabled={e.remainingQuota === 0}
                  data-testid={`pickup-${e.certificateNumber}`}
                  onClick={() => dispatch({ type: 'chosen', certificateNumber: e.certificateNumber })}
                >
                  <strong>{e.itemName}</strong>
                  <span>{e.issuingDepartment}</span>
                  <span data-testid={`pickup-quota-${e.certificateNumber}`}>{e.remainingQuota > 0 ? t('remaining', { count: e.remainingQuota }) : t('collected')}</span>
                </button>
              ))}
            </div>
          </section>
        </JourneyLayout>
      );
    case 'preview':
      return (
        <JourneyLayout
          title={t('title')}
          stepKey="pickup-preview"
          steps={steps}
          current={4}
          onBack={() => dispatch({ type: 'back' })}
          backLabel={t('backToList')}
          onNext={() => dispatch({ type: 'printConfirmed', key: `pickup-${crypto.randomUUID()}` })}
          nextLabel={t('print')}
          testId="pickup-preview"
        >
          <p className="lead">{t('previewHint')}</p>
          <DocumentPreview
            testId="certificate-sheet"
            title={state.entry.title}
            head={[
              { label: t('sheet.number'), value: state.entry.certificateNumber },
              { label: t('sheet.holder'), value: kiosk.holder ?? '' },
              { label: t('sheet.item'), value: state.entry.itemName },
            ]}
            rows={[]}
            footer={<span>{state.entry.issuingDepartment}</span>}
          />
          <p className="notice notice--warn">{t('quotaNote', { count: state.entry.remainingQuota })}</p>
        </JourneyLayout>
      );
    case 'printing':
      return <WorkingStep title={t('title')} stepKey="pickup-printing" steps={steps} current={5} message={t('printing')} testId="pickup-printing" />;
    case 'printed': {
      const printed = state.outcome === 'printed';
      return (
        <ResultScreen
          title={state.entry.itemName}
          stepKey={printed ? 'pickup-result-printed' : 'pickup-result-notPrinted'}
          steps={steps}
          tone={printed ? 'ok' : typeof state.outcome === 'string' ? 'warn' : 'error'}
          headline={printOutcomeText(state.outcome, t, errorSentence)}
          testId="pickup-result"
          another={{ label: t('another'), onPress: () => dispatch({ type: 'another' }) }}
        />
      );
    }
  }
}
