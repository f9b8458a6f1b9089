// 办事指南 (issue #16 item 17): before anything is read or typed, what the item asks of the citizen —
// the materials and how each is provided here, the fee, the time limit, whether the kiosk can
// finish it and whether both parties must come. (人证核验, #16 item 16, gets its line here with its step.)
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../src-common/domain/money';
import { offeredMaterialModes } from '../../../src-common/forms/materials';
import { useKiosk } from '../../app/KioskContext';
import { useFormat } from '../../i18n/format';
import type { JourneyTarget } from './journeyTarget';

/** Whether the fee can be paid at this kiosk now (QR or cash, per the capability summary). */
function payableHere(capabilities: ReturnType<typeof useKiosk>['status']['capabilities']): boolean {
  return capabilities.capabilities.some((c) => (c.capability === 'qrPay' || c.capability === 'cashIn') && c.available);
}

export function GuideStep(props: { readonly target: JourneyTarget }) {
  const { t } = useTranslation('apply');
  const format = useFormat();
  const { status } = useKiosk();
  const { target } = props;
  const { guide } = target;
  const days = target.promisedWorkingDays ?? 0;
  return (
    <div className="guide" data-testid="apply-guide">
      <p className="lead">{t('guide.intro')}</p>
      <dl className="guide__facts">
        <div className="guide__fact" data-testid="guide-completion">
          <dt>{t('guide.completionTitle')}</dt>
          <dd>{t(`guide.completion.${guide.completion}`)}</dd>
        </div>
        <div className="guide__fact" data-testid="guide-time">
          <dt>{t('guide.timeTitle')}</dt>
          <dd>{days > 0 ? t('guide.workingDays', { days }) : t('guide.onTheSpot')}</dd>
        </div>
        <div className="guide__fact" data-testid="guide-fee">
          <dt>{t('guide.feeTitle')}</dt>
          <dd>{target.feeFen > 0 ? t(payableHere(status.capabilities) ? 'guide.feePayHere' : 'guide.feePayWindow', { amount: formatFen(target.feeFen) }) : t('guide.free')}</dd>
        </div>
        <div className="guide__fact" data-testid="guide-parties">
          <dt>{t('guide.partiesTitle')}</dt>
          <dd>{guide.bothPartiesInPerson ? t('guide.bothParties') : t('guide.oneParty')}</dd>
        </div>
      </dl>
      <section className="card" aria-labelledby="guide-materials">
        <h2 id="guide-materials" className="section-title">
          {t('guide.materialsTitle')}
        </h2>
        {target.materials.length === 0 ? (
          <p>{t('guide.noMaterials')}</p>
        ) : (
          <ul className="guide__materials" data-testid="guide-materials">
            {target.materials.map((m) => (
              <li key={m.reuseKey}>
                <span className="guide__material">{format.text(m.name)}</span>
                <span className="guide__how">{t(`guide.how.${offeredMaterialModes(m.trustLevel).length === 0 ? 'shared' : m.trustLevel}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {guide.notes.length > 0 && (
        <section className="card" aria-labelledby="guide-notes">
          <h2 id="guide-notes" className="section-title">
            {t('guide.notesTitle')}
          </h2>
          <ul className="guide__notes">
            {guide.notes.map((note) => (
              <li key={note.zh}>{format.text(note)}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
