// Citizen sessions: PII-bearing methods need one; ending it wipes every piece of PII in the core.
import { z } from 'zod';
import { defineMethod, defineUnsolicited } from './contract';

export const SessionEndReason = z.enum(['completed', 'exit', 'idleTimeout', 'replaced', 'shutdown']);
export type SessionEndReason = z.infer<typeof SessionEndReason>;

export const SessionInfo = z.object({
  sessionId: z.string(),
  startedAt: z.string(),
  language: z.enum(['zh-CN', 'en']),
  elderlyMode: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const sessionMethods = {
  'Session.Start': defineMethod({
    name: 'Session.Start',
    input: z.object({ language: z.enum(['zh-CN', 'en']), elderlyMode: z.boolean() }).strict(),
    output: SessionInfo,
    errors: [
      'outOfHours', // outside the kiosk's opening hours (Kiosk.Status availability says when it opens)
      'maintenance', // an admin put the kiosk into maintenance mode (Kiosk.Status availability has the reason)
      'diagnosticsMode', // a technician is in diagnostics mode
    ],
    summary: 'Starts a citizen session on first touch; ends any previous one first. Refused out of hours, in maintenance or diagnostics mode.',
  }),
  'Session.Touch': defineMethod({
    name: 'Session.Touch',
    input: z.object({}).strict(),
    output: z.object({ idleDeadline: z.string() }),
    errors: [
      'noSession', // this connection has no active session (it ended meanwhile)
    ],
    requiresSession: true,
    summary: 'Records citizen activity so the core does not expire the session.',
  }),
  'Session.End': defineMethod({
    name: 'Session.End',
    input: z.object({ reason: SessionEndReason }).strict(),
    output: z.object({ wiped: z.boolean() }),
    summary: 'Ends the session and wipes its PII in the core.',
  }),
} as const;

export const sessionUnsolicited = {
  'Session.Ended': defineUnsolicited({
    name: 'Session.Ended',
    payload: z.object({ sessionId: z.string(), reason: SessionEndReason }),
    summary: 'The core ended the session (idle expiry as a backstop, or shutdown).',
  }),
} as const;
