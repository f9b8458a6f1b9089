// What the platform hears of technicians on site (issue #13.6, docs/technicians.md): one
// `technician.action` event per diagnostics entry attempt, exit and technician command, from the
// screen or the control channel. Staff ids only; never a citizen's data.
import { z } from 'zod';

export const TECHNICIAN_ACTION_KIND = 'technician.action';

export const TechnicianActionPayload = z.object({
  action: z.enum([
    'enter', // a PIN entry (outcome: entered, wrongPin, lockedOut, citizenSession)
    'exit', // diagnostics mode ended (outcome: exited, expired)
    'command', // a technician method called (outcome: requested, refused)
    'lease', // a diagnostics lease (outcome: taken, renewed, released, expired, connectionClosed, technicianExited)
    'calibration', // a certificate printer offset saved (outcome: saved)
  ]),
  channel: z.enum(['screen', 'control']),
  /** The account id from signed config, `site` for the site PIN, `cli` for the control channel. */
  technicianId: z.string().min(1).max(40),
  method: z.string().max(64).optional(),
  /** The device a lease or calibration concerns. */
  deviceId: z.string().max(64).optional(),
  outcome: z.string().min(1).max(32),
  at: z.string().datetime({ offset: true }),
});
export type TechnicianActionPayload = z.infer<typeof TechnicianActionPayload>;
