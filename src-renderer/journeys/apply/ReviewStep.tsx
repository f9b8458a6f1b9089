// The review page (everything once more, each part with a way back to change it) and the
// signature page that ends with "确认提交".
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../src-common/domain/money';
import { useKiosk } from '../../app/KioskContext';
import { SignaturePad } from '../../components/SignaturePad';
import type { ApplyEvent, ApplyState } from './applyMachine';
import { offeredMaterialModes, askedFields, cardFields, cardValue, text } from './journeyTarget';
import { TrustBadge } from './MaterialsStep';

export function ReviewStep(props: { readonly state: ApplyState; readonly dispatch: (event: ApplyEvent) => void }) {
  const { t } = useTranslation('apply');
  const { language } = useKiosk();
  const { state, dispatch } = props;
  const target = state.target;
  if (!target) return null;
  const optionLabel = (key: string, value: string) => {
    const field = target.fields.find((f) => f.key === key)?.field;
    const option = field?.validation.options?.find((o) => o.value === value);
    return option ? text(option.label, language) : value;
  };
  return (
    <div className="review" data-testid="apply-review">
      <section className="card">
        <h2 className="section-title">{t('review.items')}</h2>
        <ul className="review__items">
          {target.itemNames.map((n) => (
            <li key={n.zh}>{text(n, language)}</li>
          ))}
        </ul>
        {target.feeFen > 0 && <p className="lead">{t('review.feeLater', { amount: formatFen(target.feeFen) })}</p>}
      </section>
      <section className="card">
        <div className="review__head">
          <h2 className="section-title">{t('review.answers')}</h2>
          {askedFields(target).length > 0 && (
            <button type="button" className="button button--small" data-testid="review-edit-fields" onClick={() => dispatch({ type: 'editFields' })}>
              {t('review.edit')}
            </button>
          )}
        </div>
        <dl className="review__list">
          {state.card &&
            cardFields(target).map((f) => (
              <div key={f.key} className="review__row">
                <dt>{text(f.field.label, language)}</dt>
                <dd>
                  {f.field.source ? cardValue(f.field.source, state.card!) : ''} <span className="badge badge--card">{t('form.fromCardBadge')}</span>
                </dd>
              </div>
            ))}
          {askedFields(target).map((f) => (
            <div key={f.key} className="review__row">
              <dt>{text(f.field.label, language)}</dt>
              <dd data-testid={`review-${f.key}`}>{state.answers[f.key] ? optionLabel(f.key, state.answers[f.key]!) : '—'}</dd>
            </div>
          ))}
        </dl>
      </section>
      {target.materials.length > 0 && (
        <section className="card">
          <h2 className="section-title">{t('review.materials')}</h2>
          <dl className="review__list">
            {target.materials.map((m) => {
              const provided = state.materials[m.reuseKey];
              const how = offeredMaterialModes(m.trustLevel).length === 0 ? t('materials.shared') : provided ? t(`materials.${provided.mode}`) : t('materials.notChosen');
              return (
                <div key={m.reuseKey} className="review__row">
                  <dt>{text(m.name, language)}</dt>
                  <dd>
                    {how} <TrustBadge level={m.trustLevel} />
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      )}
    </div>
  );
}

export function SignatureStep(props: { readonly state: ApplyState; readonly dispatch: (event: ApplyEvent) => void }) {
  const { t } = useTranslation('apply');
  const { state, dispatch } = props;
  return (
    <div className="signature-step" data-testid="apply-signature">
      <h2 className="section-title">{t('signature.title')}</h2>
      <p className="lead">{t('signature.hint')}</p>
      <SignaturePad label={t('signature.padLabel')} clearLabel={t('signature.clear')} onChange={(png) => dispatch({ type: 'signed', png })} />
      {state.step.kind === 'submitFailed' && (
        <p className="notice notice--error" role="alert" data-testid="submit-failed">
          <span aria-hidden="true">⚠ </span>
          {t('submit.failed', { reason: state.step.message })} {t('submit.stillSafe')}
        </p>
      )}
      {!state.signaturePng && <p className="signature__empty">{t('signature.empty')}</p>}
    </div>
  );
}
