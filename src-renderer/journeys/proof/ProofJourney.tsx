// The 打印证明 journey: consent (name and ID number only), the ID card, the kind of proof, the
// issued proof to check, then the A4 printer; the result shows the verification code.
import { useReducer } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldsToRead } from '../../../src-common/privacy/idCardFields';
import type { ProofKind } from '../../../src-common/wire/proofsWire';
import { JourneyLayout } from '../../components/journey/JourneyLayout';
import { ResultScreen } from '../../components/journey/ResultScreen';
import { useFormat } from '../../i18n/format';
import { useErrorSentence } from '../../i18n/useErrorSentence';
import type { JourneyProps } from '../journeyProps';
import { CardSteps } from '../shared/CardSteps';
import { isCardStep } from '../shared/cardSteps';
import { DocumentPreview } from '../shared/DocumentPreview';
import { printOutcomeText } from '../shared/problems';
import { WorkingStep } from '../shared/WorkingStep';
import { INITIAL_PROOF_STATE, proofReducer } from './proofMachine';
import { useProofEffects } from './useProofEffects';
import '../../styles/apply.css';

const KINDS: readonly ProofKind[] = ['socialInsurance', 'housingFund', 'residence'];
/** A proof names its holder and no more (PIPL minimum necessary). */
const FIELDS = fieldsToRead([]);

export default function ProofJourney(props: JourneyProps) {
  const { t } = useTranslation('proof');
  const errorSentence = useErrorSentence();
  const format = useFormat();
  const [state, dispatch] = useReducer(proofReducer, INITIAL_PROOF_STATE);
  useProofEffects(state, dispatch);
  const steps = [t('steps.consent'), t('steps.identify'), t('steps.choose'), t('steps.check'), t('steps.print')];

  if (isCardStep(state)) {
    return (
      <CardSteps state={state} dispatch={dispatch} onRead={() => dispatch({ type: 'cardRead' })} onExit={props.onExit} steps={steps} fields={FIELDS} purpose="proof" />
    );
  }
  switch (state.kind) {
    case 'choose':
      return (
        <JourneyLayout title={t('title')} stepKey="proof-choose" steps={steps} current={2} onBack={props.onExit} backLabel={t('common:common.home')} testId="proof-choose">
          <section className="card">
            <h2>{t('choose')}</h2>
            <p className="muted">{t('chooseHint')}</p>
            <div className="proof-kinds">
              {KINDS.map((k) => (
                <button key={k} type="button" className="proof-kind" data-testid={`proof-kind-${k}`} onClick={() => dispatch({ type: 'chosen', proof: k, key: `proof-${k}-${crypto.randomUUID()}` })}>
                  <strong>{t(`kinds.${k}.title`)}</strong>
                  <span>{t(`kinds.${k}.hint`)}</span>
                </button>
              ))}
            </div>
          </section>
        </JourneyLayout>
      );
    case 'issuing':
      return <WorkingStep title={t('title')} stepKey="proof-issuing" steps={steps} current={3} message={t('issuing')} testId="proof-issuing" />;
    case 'preview': {
      const p = state.preview;
      return (
        <JourneyLayout
          title={t('title')}
          stepKey="proof-preview"
          steps={steps}
          current={3}
          onBack={() => dispatch({ type: 'back' })}
          backLabel={t('chooseOther')}
          onNext={() => dispatch({ type: 'printConfirmed' })}
          nextLabel={t('print')}
          testId="proof-preview"
        >
          <p className="lead">{t('previewHint')}</p>
          <DocumentPreview
            testId="proof-sheet"
            title={p.title}
            head={[
              { label: t('sheet.number'), value: p.documentNumber, testId: 'proof-number' },
              { label: t('sheet.holder'), value: p.holderName },
              { label: t('sheet.idNumber'), value: p.holderIdNumber },
            ]}
            rows={p.rows}
            statement={p.statement}
            footer={
              <>
                <span>{p.issuingDepartment}</span>
                <span>{format.dateTime(p.issuedAt)}</span>
                <span>{t('verification', { code: p.verificationCode })}</span>
              </>
            }
          />
          <p className="muted">{t('paperNote')}</p>
        </JourneyLayout>
      );
    }
    case 'printing':
      return <WorkingStep title={t('title')} stepKey="proof-printing" steps={steps} current={4} message={t('printing')} testId="proof-printing" />;
    case 'printed':
    case 'notIssued': {
      const printed = state.kind === 'printed' && state.outcome === 'printed';
      const tone = printed ? 'ok' : state.kind === 'printed' ? 'warn' : 'error';
      return (
        <ResultScreen
          title={t(`kinds.${state.proof}.title`)}
          stepKey={printed ? 'proof-result-printed' : state.kind === 'printed' ? 'proof-result-notPrinted' : 'proof-result-notIssued'}
          steps={steps}
          tone={tone}
          headline={printOutcomeText(state.kind === 'printed' ? state.outcome : state.problem, t, errorSentence)}
          testId="proof-result"
          another={{ label: t('another'), onPress: () => dispatch({ type: 'another' }) }}
        >
          {state.kind === 'printed' && (
            <section className="card proof-center">
              <p className="proof-code" data-testid="proof-code">
                {t('verification', { code: state.preview.verificationCode })}
              </p>
              <p className="muted">{state.outcome === 'printed' ? t('verifyHint') : t('reprintHint', { code: state.preview.verificationCode })}</p>
            </section>
          )}
        </ResultScreen>
      );
    }
  }
}
