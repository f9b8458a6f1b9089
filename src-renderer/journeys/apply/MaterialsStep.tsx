// The materials step: each material with how it is checked, in plain words, and the ways this
// kiosk accepts it — a photo (of the paper, or of the applicant for a 证件照), the original checked
// at a window, or a written pledge (告知承诺) where the level allows. Materials provided earlier in
// the session are offered again.
import { useTranslation } from 'react-i18next';
import type { TrustLevel } from '../../../src-common/forms/materials';
import { MaterialCapture } from '../../components/MaterialCapture';
import { useFormat } from '../../i18n/format';
import { missingMaterials, type ApplyEvent, type ApplyState } from './applyMachine';
import { offeredMaterialModes, type JourneyMaterial, type MaterialMode } from './journeyTarget';

export function MaterialsStep(props: { readonly state: ApplyState; readonly dispatch: (event: ApplyEvent) => void }) {
  const { t } = useTranslation('apply');
  const format = useFormat();
  const { state, dispatch } = props;
  if (state.step.kind !== 'materials' || !state.target) return null;
  const capturingKey = state.step.capturing;
  const capturing = capturingKey ? state.target.materials.find((m) => m.reuseKey === capturingKey) : undefined;
  if (capturing) {
    return (
      <MaterialCapture
        materialName={format.text(capturing.name)}
        kind={capturing.capture ?? 'document'}
        onCancel={() => dispatch({ type: 'cancelCapture' })}
        onCaptured={(image) => dispatch({ type: 'provide', reuseKey: capturing.reuseKey, material: { mode: 'photo', images: [image] } })}
      />
    );
  }
  const missing = state.step.showMissing ? missingMaterials(state) : [];
  return (
    <div className="materials" data-testid="apply-materials">
      <p className="lead">{t('materials.intro')}</p>
      {missing.length > 0 && (
        <p className="notice notice--error" role="alert" data-testid="materials-missing">
          <span aria-hidden="true">⚠ </span>
          {t('materials.missing', { count: missing.length })}
        </p>
      )}
      <ul className="materials__list">
        {state.target.materials.map((m) => (
          <MaterialRow key={m.reuseKey} material={m} state={state} dispatch={dispatch} isMissing={missing.includes(m.reuseKey)} showServes={state.target!.kind === 'bundle'} />
        ))}
      </ul>
    </div>
  );
}

function MaterialRow(props: { readonly material: JourneyMaterial; readonly state: ApplyState; readonly dispatch: (event: ApplyEvent) => void; readonly isMissing: boolean; readonly showServes: boolean }) {
  const { t } = useTranslation('apply');
  const format = useFormat();
  const { material, dispatch } = props;
  const modes = offeredMaterialModes(material.trustLevel);
  const provided = props.state.materials[material.reuseKey];
  const modeLabel = (mode: MaterialMode) => t(`materials.${mode}`);
  const choose = (mode: MaterialMode) => {
    if (mode === 'photo') dispatch({ type: 'startCapture', reuseKey: material.reuseKey });
    else dispatch({ type: 'provide', reuseKey: material.reuseKey, material: { mode, images: [] } });
  };
  return (
    <li className={`material card ${props.isMissing ? 'material--missing' : ''}`} data-testid={`material-${material.id}`}>
      <div className="material__head">
        <span className="material__name">{format.text(material.name)}</span>
        <TrustBadge level={material.trustLevel} />
      </div>
      {props.showServes && <p className="material__note">{t('materials.servesItems', { items: format.list(material.servesItems.map((s) => format.text(s))) })}</p>}
      {material.note && <p className="material__note">{format.text(material.note)}</p>}
      {modes.length === 0 ? (
        <p className="material__status material__status--ok">
          <span aria-hidden="true">✓ </span>
          {t('materials.shared')}
        </p>
      ) : (
        <>
          {provided?.reusedFrom && (
            <p className="notice notice--ok" data-testid={`material-reused-${material.id}`}>
              ↺ {t('materials.reused', { item: format.text(provided.reusedFrom) })}
            </p>
          )}
          {provided && (
            <p className="material__status material__status--ok" data-testid={`material-status-${material.id}`}>
              <span aria-hidden="true">✓ </span>
              {provided.mode === 'photo' ? t('materials.photoDone', { count: provided.images.length }) : provided.mode === 'pledge' ? t('materials.pledgeDone') : t('materials.atWindowDone')}
            </p>
          )}
          {!provided && props.isMissing && (
            <p className="material__status material__status--missing">
              <span aria-hidden="true">⚠ </span>
              {t('materials.notChosen')}
            </p>
          )}
          {provided?.mode === 'photo' && provided.images[0] && <img className="material__thumb" alt={t('camera.preview')} src={`data:${provided.images[0].mimeType};base64,${provided.images[0].base64}`} />}
          {modes.includes('pledge') && <p className="material__pledge">{t('materials.pledgeText')}</p>}
          <div className="material__modes" role="radiogroup" aria-label={format.text(material.name)}>
            {modes.map((mode) => (
              <button key={mode} type="button" role="radio" aria-checked={provided?.mode === mode} className={`option ${provided?.mode === mode ? 'option--on' : ''}`} data-testid={`material-${material.id}-${mode}`} onClick={() => choose(mode)}>
                <span aria-hidden="true">{provided?.mode === mode ? '◉ ' : '○ '}</span>
                {provided?.mode === 'photo' && mode === 'photo' ? t('materials.retake') : material.capture === 'portrait' && mode === 'photo' ? t('materials.portrait') : modeLabel(mode)}
              </button>
            ))}
          </div>
        </>
      )}
    </li>
  );
}

/** How the back office checks a material, in plain words (never "可信等级 A"). */
export function TrustBadge(props: { readonly level: TrustLevel }) {
  const { t } = useTranslation('apply');
  return (
    <span className={`badge badge--trust badge--trust-${props.level}`} data-testid="trust-badge">
      {t(`materials.check.${props.level}`)}
    </span>
  );
}
