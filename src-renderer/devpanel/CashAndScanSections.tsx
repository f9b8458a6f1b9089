// Developer panel sections for the demo: put a note into the simulated bill acceptor, and make
// the simulated scanner read a payment notice or a (fictitious) payment code.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../app/KioskContext';

/** Fictitious codes of each kind the scanner classifier knows (docs/protocols/barcode-scanners.md#payment-codes shapes). */
const SAMPLE_SCANS: ReadonlyArray<{ labelKey: string; text: string }> = [
  { labelKey: 'devPanel.notice50', text: '42020026112600012345' },
  { labelKey: 'devPanel.wechatCode', text: '134567890123456780' },
  { labelKey: 'devPanel.alipayCode', text: '286543210987654320' },
];

export function CashSection() {
  const { t } = useTranslation();
  const { client, status } = useKiosk();
  const [last, setLast] = useState('');
  return (
    <section className="dev-section" aria-label={t('devPanel.cash')}>
      <h3 className="dev-section__title">{t('devPanel.cash')}</h3>
      <div className="dev-section__buttons">
        {status.ui.cashNotesYuan.map((yuan) => (
          <button
            key={yuan}
            type="button"
            data-testid={`dev-note-${yuan}`}
            onClick={async () => {
              const r = await client.call('Simulator.InsertNote', { valueFen: yuan * 100 });
              setLast(r.ok ? t('devPanel.inserted', { yuan }) : r.error.description);
            }}
          >
            ¥{yuan}
          </button>
        ))}
      </div>
      {last && <small role="status">{last}</small>}
    </section>
  );
}

export function ScanSection() {
  const { t } = useTranslation();
  const { client } = useKiosk();
  return (
    <section className="dev-section" aria-label={t('devPanel.scanner')}>
      <h3 className="dev-section__title">{t('devPanel.scanner')}</h3>
      <div className="dev-section__buttons">
        {SAMPLE_SCANS.map((s) => (
          <button key={s.text} type="button" data-testid={`dev-scan-${s.text}`} onClick={() => void client.call('Simulator.Scan', { text: s.text })}>
            {t(s.labelKey)}
          </button>
        ))}
      </div>
    </section>
  );
}
