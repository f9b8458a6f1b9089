// The review page (everything once more, each part with a way back to change it) and the
// signature page: the declaration the citizen ticks (本人承诺所填信息真实有效, defect 10), the
// signature, then "确认提交".
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../src-common/domain/money';
import { SignaturePad } from '../../components/SignaturePad';
import { useFormat } from '../../i18n/format';
import { useErrorSentence } from '../../i18n/useErrorSentence';
import { signatureMissing, type ApplyEvent, type ApplyState } from './applyMachine';
import { displayValue } from './FormStep';
import { askedFields, cardFields, cardValue, offeredMaterialModes, SEX_KEYS } from './journeyTarget';
import { TrustBadge } from './MaterialsStep';

export function ReviewStep(props: { readonly state: ApplyState; readonly dispatch: (event: ApplyEvent) => void }) {
  const { t } = useTranslation('apply');
  const format = useFormat();
  const { state, dispatch } = props;
  const target = state.target;
  if (!target) return null;
  const answerText = (key: string, value: string) => {
    const field = target.fields.find((f) => f.key === key)?.field;
    const option = field?.validation.options?.find((o) => o.value === value);
    if (option) return format.text(option.label);
    return field ? displayValue(field, value, format) : value;
  };
  return (
    <div className="review" data-testid="apply-review">
      <section className="card">
        <h2 className="section-title">{t('review.items')}</h2>
        <ul className="review__items">
          {target.itemNames.map((n) => (
            <li key={n.zh}>{format.text(n)}</li>
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
                <dt>{format.text(f.field.label)}</dt>
                <dd>
                  {f.field.source ? cardValue(f.field.source, state.card!, format.date, (sex) => t(`form.sexes.${SEX_KEYS[sex] ?? 'other'}`, { sex })) : ''} <span className="badge badge--card">{t('form.fromCardBadge')}</span>
                </dd>
              </div>
            ))}
          {askedFields(target).map((f) => (
            <div key={f.key} className="review__row">
              <dt>{format.text(f.field.label)}</dt>
              <dd data-testid={`review-${f.key}`}>{state.answers[f.key] ? answerText(f.key, state.answers[f.key]!) : t('review.notAnswered')}</dd>
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
                  <dt>{format.text(m.name)}</dt>
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
  const errorSentence = useErrorSentence();
  const { state, dispatch } = props;
  const missing = state.step.kind === 'signature' && state.step.showMissing ? signatureMissing(state) : [];
  return (
    <div className="signature-step" data-testid="apply-signature">
      <label className={`declaration ${missing.includes('declaration') ? 'declaration--missing' : ''}`} data-testid="declaration">
        <input type="checkbox" checked={state.declared} data-testid="declaration-check" onChange={(e) => dispatch({ type: 'declaration', agreed: e.currentTarget.checked })} />
        <span className="declaration__text">{t('signature.declaration')}</span>
      </label>
      {missing.includes('declaration') && (
        <p className="kfield__error" role="alert" data-testid="declaration-missing">
          <span aria-hidden="true">⚠ </span>
          {t('signature.declarationMissing')}
        </p>
      )}
      <h2 className="section-title">{t('signature.title')}</h2>
      <p className="lead">{t('signature.hint')}</p>
      <SignaturePad label={t('signature.padLabel')} clearLabel={t('signature.clear')} onChange={(png) => dispatch({ type: 'signed', png })} />
      {state.step.kind === 'submitFailed' && (
        <p className="notice notice--error" role="alert" data-testid="submit-failed">
          <span aria-hidden="true">⚠ </span>
          {errorSentence(state.step.problem.method, state.step.problem.error)} {t('submit.stillSafe')}
        </p>
      )}
      {!state.signaturePng && <p className={`signature__empty ${missing.includes('signature') ? 'kfield__error' : ''}`}>{t('signature.empty')}</p>}
    </div>
  );
}
