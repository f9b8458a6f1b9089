// Diagnostics mode (design.md §7): a technician enters with a PIN (scrypt hash in config, lockout
// after repeated failures, every attempt audited), only when no citizen session is active; while
// in, citizen sessions are refused and technician-only methods are open to that connection.
import { z } from 'zod';
import { defineMethod } from './contract';
import { SESSION_OF_WORK_METHODS } from './technician';

/** Methods only a connection in diagnostics mode may call. */
export const TECHNICIAN_METHODS: readonly string[] = [
  'Queue.RetryDead',
  'Queue.Flush',
  'Printing.TestPage',
  'Technician.ReadIdCard',
  'Technician.SelfTest',
  'Technician.SelfTestHistory',
  'Technician.JournalVerify',
  'Technician.DiagnosticsBundle',
  'Technician.Logs',
  'Cash.CollectionPreview',
  'Cash.Collect',
  ...SESSION_OF_WORK_METHODS,
  // The camera is the renderer's: only the screen can run its self-test.
  'Technician.RecordCameraSelfTest',
];

export const DiagnosticsState = z.object({
  active: z.boolean(),
  /** Failed PIN entries left before the lockout. */
  attemptsLeft: z.number().int().nonnegative(),
  lockedUntil: z.string().optional(),
  expiresAt: z.string().optional(),
  /** Technician account ids from signed config, for the PIN screen's choice (the site PIN needs none). */
  accounts: z.array(z.string()).optional(),
  /** The same accounts with their display names (signed config), in the same order: the chooser shows names, not ids. */
  accountNames: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
});
export type DiagnosticsState = z.infer<typeof DiagnosticsState>;

export const diagnosticsMethods = {
  'Diagnostics.Enter': defineMethod({
    name: 'Diagnostics.Enter',
    input: z.object({ pin: z.string().regex(/^\d{4,12}$/), /** A technician account from signed config; absent = the site PIN. */ technicianId: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/).optional() }).strict(),
    output: DiagnosticsState,
    errors: [
      'noPinConfigured', // this kiosk has no technician PIN
      'wrongPin', // the PIN is wrong; params.attemptsLeft before the lockout
      'lockedOut', // too many wrong PINs; params.minutesLeft until the lockout ends
      'citizenSession', // a citizen session is active: diagnostics mode starts when it ends
      'anotherTechnician', // another connection is in diagnostics mode
    ],
    summary: 'Enters diagnostics mode with the technician PIN; refused during a citizen session or while locked out.',
  }),
  'Diagnostics.Exit': defineMethod({
    name: 'Diagnostics.Exit',
    input: z.object({}).strict(),
    output: DiagnosticsState,
    summary: 'Leaves diagnostics mode; citizen sessions may start again.',
  }),
  'Diagnostics.State': defineMethod({
    name: 'Diagnostics.State',
    input: z.object({}).strict(),
    output: DiagnosticsState,
    summary: 'Whether diagnostics mode is active, and the PIN lockout state.',
  }),
} as const;
