// 呼叫帮助 at a hall kiosk: one `help.requested` event in the outbox (kiosk and step only, no PII)
// that the platform turns into a `citizenNeedsHelp` alert, so the call survives a network outage
// and reaches staff once the kiosk is back online. Taps within the repeat window reuse the standing
// request and send nothing: a worried citizen tapping five times raises one alert, not five.
import { randomUUID } from 'node:crypto';
import { err, ok, type Result } from '../../../src-common/result';
import { HELP_REQUESTED_KIND } from '../../../src-common/wire/helpWire';
import type { Outbox } from '../outbox/Outbox';
import type { OutboxWriteError } from '../outbox/Outbox';

export interface HelpRequestOutcome {
  readonly requestId: string;
  /** A request within the window stands already; nothing was sent. */
  readonly repeated: boolean;
}

/** Why a request was not recorded. */
export type HelpRequestRefusal =
  // the kiosk is registered with no platform: nobody would ever hear the call
  | { readonly kind: 'noStaffChannel'; readonly message: string }
  // the outbox refused the write (a full disk)
  | OutboxWriteError;

export class HelpRequests {
  // In memory on purpose: after a core restart a new tap may send again, and the platform still
  // keeps one open alert per kiosk (its partial unique index), counting the repeat.
  private standing: { readonly requestId: string; readonly atMs: number } | undefined;

  constructor(
    private readonly outbox: Outbox,
    private readonly repeatWindowMs: number,
    private readonly now: () => number,
    /** Whether the kiosk is registered with a platform (an offline moment still counts: the outbox waits). */
    private readonly hasPlatform: () => boolean,
  ) {}

  request(service: string, step: string): Result<HelpRequestOutcome, HelpRequestRefusal> {
    // Saying "staff are on their way" from a kiosk that reports to nobody would be a lie.
    if (!this.hasPlatform()) return err({ kind: 'noStaffChannel', message: 'this kiosk is registered with no platform' });
    const atMs = this.now();
    if (this.standing && atMs - this.standing.atMs < this.repeatWindowMs) return ok({ requestId: this.standing.requestId, repeated: true });
    const requestId = randomUUID();
    const written = this.outbox.enqueue({ streamKey: 'help:requests', kind: HELP_REQUESTED_KIND, payload: { requestId, service, step, requestedAt: new Date(atMs).toISOString() } });
    if (!written.ok) return written;
    this.standing = { requestId, atMs };
    return ok({ requestId, repeated: false });
  }
}
