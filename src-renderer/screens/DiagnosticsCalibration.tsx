// Diagnostics: the certificate printer's calibration loop. Print the calibration page with the
// current offset, enter how far its crosses landed from the marks (steppers, no keyboard), confirm,
// and the core saves the corrected offset in the kiosk database and prints the page again.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalibrationState } from '../../src-common/api/technician';
import { useKiosk } from '../app/KioskContext';
import { useErrorSentence } from '../i18n/useErrorSentence';
import { shanghaiTime } from './diagnosticsTime';

/** Stepper increments in mm: a ruler on the page resolves 0.5 mm by eye, 0.1 mm with care. */
const STEPS_MM = [-0.5, -0.1, 0.1, 0.5] as const;
/** The measured shift a technician may enter (the schema's limit of an offset). */
const MAX_SHIFT_MM = 20;

const round = (mm: number) => Math.round(mm * 10) / 10 + 0;

export default function DiagnosticsCalibration() {
  const { t } = useTranslation('diagnostics');
  const errorSentence = useErrorSentence();
  const { client } = useKiosk();
  const [calibration, setCalibration] = useState<CalibrationState | undefined>();
  const [shift, setShift] = useState({ x: 0, y: 0 });
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ readonly ok: boolean; readonly text: string } | undefined>();

  const print = useCallback(async () => {
    setBusy(true);
    const r = await client.call('Technician.CalibrationPrint', {});
    setBusy(false);
    if (r.ok) {
      setCalibration(r.value.calibration);
      setMessage({ ok: r.value.outcome === 'printed', text: t('calibration.printed', { outcome: r.value.outcome }) });
    } else setMessage({ ok: false, text: errorSentence('Technician.CalibrationPrint', r.error) });
  }, [client, errorSentence, t]);

  useEffect(() => {
    void client.call('Technician.Calibration', {}).then((r) => r.ok && setCalibration(r.value));
  }, [client]);

  const next = calibration ? { dx: round(calibration.dxMm - shift.x), dy: round(calibration.dyMm - shift.y) } : undefined;

  const save = async () => {
    setConfirming(false);
    setBusy(true);
    const r = await client.call('Technician.CalibrationSave', { measuredDxMm: shift.x, measuredDyMm: shift.y });
    setBusy(false);
    if (!r.ok) {
      setMessage({ ok: false, text: errorSentence('Technician.CalibrationSave', r.error) });
      return;
    }
    setCalibration(r.value.calibration);
    setShift({ x: 0, y: 0 });
    setMessage({ ok: true, text: t('calibration.saved', { dx: r.value.calibration.dxMm, dy: r.value.calibration.dyMm }) });
    await print();
  };

  const stepper = (axis: 'x' | 'y') => (
    <div className="diag-stepper" data-testid={`diag-calibration-${axis}`}>
      <span>{t(axis === 'x' ? 'calibration.measuredX' : 'calibration.measuredY')}</span>
      {STEPS_MM.map((by) => (
        <button
          key={by}
          type="button"
          className="button button--small"
          data-testid={`diag-calibration-${axis}-${by > 0 ? 'plus' : 'minus'}-${Math.abs(by)}`}
          onClick={() => setShift((s) => ({ ...s, [axis]: Math.max(-MAX_SHIFT_MM, Math.min(MAX_SHIFT_MM, round(s[axis] + by))) }))}
        >
          {by > 0 ? `+${by}` : by}
        </button>
      ))}
      <output data-testid={`diag-calibration-${axis}-value`}>{shift[axis]} mm</output>
    </div>
  );

  return (
    <section className="card" data-testid="diag-calibration">
      <h2>{t('calibration.title')}</h2>
      <p className="muted">{t('calibration.steps')}</p>
      {calibration && (
        <p data-testid="diag-calibration-current">
          {t('calibration.current', { dx: calibration.dxMm, dy: calibration.dyMm })}
          {t(`calibration.source.${calibration.source}`, { at: calibration.savedAt ? shanghaiTime(calibration.savedAt) : '', who: calibration.technician ?? '' })}
        </p>
      )}
      <div className="diag-actions">
        <button type="button" className="button" data-testid="diag-calibration-print" disabled={busy} onClick={() => void print()}>
          {t('calibration.print')}
        </button>
      </div>
      {calibration && (
        <>
          {stepper('x')}
          {stepper('y')}
          <div className="diag-actions">
            <button type="button" className="button button--primary" data-testid="diag-calibration-save" disabled={busy || (shift.x === 0 && shift.y === 0)} onClick={() => setConfirming(true)}>
              {t('calibration.save')}
            </button>
          </div>
        </>
      )}
      {confirming && next && (
        <div className="notice notice--warn" role="alertdialog" data-testid="diag-calibration-confirm">
          <p>{t('calibration.confirm', { dx: next.dx, dy: next.dy })}</p>
          <div className="diag-actions">
            <button type="button" className="button button--primary" data-testid="diag-calibration-confirm-yes" onClick={() => void save()}>
              {t('outbox.confirm')}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {t('outbox.cancel')}
            </button>
          </div>
        </div>
      )}
      {message && (
        <p className={`notice ${message.ok ? 'notice--ok' : 'notice--error'}`} role="status" data-testid="diag-calibration-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
