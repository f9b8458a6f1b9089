// Request bodies of the reference platform's admin API (bearer token), shared by the platform and
// by tools and tests that drive it. Pure zod.
import { z } from 'zod';
import { Bundle } from './bundle';
import { RemoteAction } from './remoteCommands';

/** `POST /admin/faults`: the fault to inject into kiosk-facing routes (tests, demos). */
export const InjectFaultRequest = z.discriminatedUnion('kind', [
  // normal operation
  z.object({ kind: z.literal('none') }),
  // answer every kiosk request with this 5xx, optionally with Retry-After, for `remaining` requests
  z.object({ kind: z.literal('status'), status: z.number().int().min(500).max(599), retryAfterSeconds: z.number().int().nonnegative().optional(), remaining: z.number().int().positive().optional() }),
  // store half of an event batch, then drop the connection unanswered
  z.object({ kind: z.literal('resetMidBatch'), remaining: z.number().int().positive().optional() }),
  // drop every kiosk connection at once
  z.object({ kind: z.literal('down') }),
]);
export type InjectFaultRequest = z.infer<typeof InjectFaultRequest>;

/** `POST /admin/commands`: a remote command for one kiosk, signed by the platform when delivered. */
export const QueueCommandRequest = z.object({
  kioskId: z.string(),
  action: RemoteAction,
  /** Runs even during a citizen session (never during a cash-in or a print). */
  urgent: z.boolean().default(false),
  /** How long the command stays runnable after it is queued (default one day). */
  ttlSeconds: z.number().int().min(60).max(30 * 24 * 3600).default(24 * 3600),
});
export type QueueCommandRequest = z.infer<typeof QueueCommandRequest>;

/** `PUT /admin/bundles/:kind`: publish a bundle signed offline (`budayang admin sign`) to every kiosk. */
export const PublishBundleRequest = Bundle;
