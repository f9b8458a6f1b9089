// Developer panel sections for the demo: put a note into the simulated bill acceptor, and make
// the simulated scanner read a payment notice, a case number or a (fictitious) payment code.
import { useState } from 'react';
import { useKiosk } from '../app/KioskContext';

const NOTES_YUAN = [1, 5, 10, 20, 50, 100];
/** Fictitious codes of each kind the scanner classifier knows (docs/protocols/barcode-scanners.md#payment-codes shapes). */
const SAMPLE_SCANS: ReadonlyArray<{ label: string; text: string }> = [
  { label: '缴款通知书 50元', text: '42020026112600012345' },
  { label: '微信付款码', text: '134567890123456780' },
  { label: '支付宝付款码', text: '286543210987654320' },
];

export function CashSection() {
  const { client } = useKiosk();
  const [last, setLast] = useState('');
  return (
    <div>
      <strong>纸币 Bill acceptor</strong>
      <div>
        {NOTES_YUAN.map((yuan) => (
          <button
            key={yuan}
            type="button"
            data-testid={`dev-note-${yuan}`}
            onClick={async () => {
              const r = await client.call('Simulator.InsertNote', { valueFen: yuan * 100 });
              setLast(r.ok ? `¥${yuan} →` : r.error.description);
            }}
          >
            ¥{yuan}
          </button>
        ))}
      </div>
      {last && <small>{last}</small>}
    </div>
  );
}

export function ScanSection() {
  const { client } = useKiosk();
  return (
    <div>
      <strong>扫码 Scanner</strong>
      <div>
        {SAMPLE_SCANS.map((s) => (
          <button key={s.text} type="button" data-testid={`dev-scan-${s.text}`} onClick={() => void client.call('Simulator.Scan', { text: s.text })}>
            {s.label}
          </button>
        ))}
      </div>
    </div>
  );
}
