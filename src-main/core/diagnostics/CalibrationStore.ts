// Certificate printer offsets measured on this kiosk (docs/technicians.md): the calibration loop
// saves them in the kiosk database, so they survive restarts and config updates, and the
// certificate print path applies them (PrintService.calibrationFor) in place of the config's.
import type Database from 'better-sqlite3';
import type { CalibrationOffset } from '../printing/pdf/certificateDocument';

/** The schema's limit (kiosk-config/schema.ts `printing.calibration`): past it, the stock or the printer is wrong, not the offset. */
export const MAX_OFFSET_MM = 20;

export interface SavedCalibration extends CalibrationOffset {
  readonly deviceId: string;
  readonly savedAt: string;
  readonly technician: string;
}

export class CalibrationStore {
  constructor(private readonly db: Database.Database) {}

  get(deviceId: string): SavedCalibration | undefined {
    const row = this.db.prepare('SELECT device_id, dx_mm, dy_mm, saved_at, technician FROM printer_calibrations WHERE device_id = ?').get(deviceId) as
      | { device_id: string; dx_mm: number; dy_mm: number; saved_at: string; technician: string }
      | undefined;
    return row ? { deviceId: row.device_id, dxMm: row.dx_mm, dyMm: row.dy_mm, savedAt: row.saved_at, technician: row.technician } : undefined;
  }

  /** Durable when it returns; throws on a write failure (the caller answers `storageError`). */
  save(calibration: SavedCalibration): void {
    this.db
      .prepare(
        `INSERT INTO printer_calibrations (device_id, dx_mm, dy_mm, saved_at, technician) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (device_id) DO UPDATE SET dx_mm = excluded.dx_mm, dy_mm = excluded.dy_mm, saved_at = excluded.saved_at, technician = excluded.technician`,
      )
      .run(calibration.deviceId, calibration.dxMm, calibration.dyMm, calibration.savedAt, calibration.technician);
  }
}

/**
 * The corrected offset: the crosses of a page printed with `current` landed `measured` away from
 * the marks (right/down positive), so the next page must move the other way. Rounded to 0.1 mm,
 * what a ruler on the page resolves.
 */
export function correctedOffset(current: CalibrationOffset, measured: CalibrationOffset): CalibrationOffset {
  const round = (v: number) => Math.round(v * 10) / 10 + 0;
  return { dxMm: round(current.dxMm - measured.dxMm), dyMm: round(current.dyMm - measured.dyMm) };
}
