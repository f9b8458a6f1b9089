// The demo profile's developer panel: drives the in-process device simulators (place an ID
// card, scan a code, insert a note) so the demo can be used without hardware. Never shown in
// production: the core reports `developerPanel: false` there and refuses simulator methods. It
// is a strip below the kiosk's screen, never over it (defect 12): the app shrinks to make room.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CashSection, ScanSection } from '../devpanel/CashAndScanSections';
import { FaceSection } from '../devpanel/FaceSection';
import { IdCardSection } from '../devpanel/IdCardSection';

/** Sections contributed by device domains (one line each). */
export const DEVELOPER_PANEL_SECTIONS: Array<() => ReactNode> = [IdCardSection, CashSection, ScanSection, FaceSection];

export function DeveloperPanel() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (DEVELOPER_PANEL_SECTIONS.length === 0) return null;
  return (
    <aside className={`dev-panel ${open ? 'dev-panel--open' : ''}`} data-testid="dev-panel" aria-label={t('devPanel.title')}>
      <button type="button" className="dev-panel__toggle" data-testid="dev-panel-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? '▾ ' : '▸ '}</span>
        {t('devPanel.title')} <small>{t('devPanel.hint')}</small>
      </button>
      {open && (
        <div className="dev-panel__body">
          {DEVELOPER_PANEL_SECTIONS.map((Section, i) => (
            <Section key={i} />
          ))}
        </div>
      )}
    </aside>
  );
}
