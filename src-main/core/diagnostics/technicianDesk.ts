// The technician desk as other modules see it (docs/technicians.md): who is behind a connection,
// the audit of every technician action (a log line, an entry in the hash-chained journal that
// `journal verify` and the platform's replica check, and a `technician.action` outbox event), and
// when a technician leaves diagnostics mode (their leases end with it).
import type { Event } from '../../../src-common/event';
import type { TechnicianActionPayload } from '../../../src-common/wire/technicianWire';
import { serviceId } from '../composition/serviceId';

export type TechnicianAuditEntry = Omit<TechnicianActionPayload, 'at'>;

export interface TechnicianDesk {
  /** The technician behind a connection: the screen's account (diagnostics mode) or `cli` for the control channel. */
  technicianOf(connection: { readonly id: string; readonly role?: string }): { readonly technicianId: string; readonly channel: 'screen' | 'control' } | undefined;
  /** Appends the action to the journal and the outbox; a failed write is logged, never thrown at the technician. */
  audit(entry: TechnicianAuditEntry): void;
  /** Fires with the connection id when its technician leaves diagnostics mode (exit or expiry). */
  readonly onDidLeave: Event<string>;
}

export const TechnicianDeskId = serviceId<TechnicianDesk>('technicianDesk');
