// One-time bootstrap codes: what a shell hands the renderer instead of the API token. A code is
// random (128 bits), valid once and briefly; the renderer trades it for the session token over
// loopback HTTP, so nothing on a command line or on stdout stays useful after the window opened.
import { randomBytes } from 'node:crypto';
import { tokensEqual } from './httpPolicy';

/** Long enough for Chromium to start on a slow village machine; short enough to be worthless after. */
export const BOOTSTRAP_CODE_TTL_MS = 120_000;
/** Codes not yet used at once: a shell asks for one per window load, so a few suffice. */
const MAX_OUTSTANDING_CODES = 16;

export type RedeemOutcome =
  /** The code was outstanding and is now used up. */
  | { readonly ok: true }
  /** Never issued, already used, or dropped to make room. */
  | { readonly ok: false; readonly reason: 'unknown' }
  /** Issued, but its time ran out before anyone used it. */
  | { readonly ok: false; readonly reason: 'expired' };

export class BootstrapCodes {
  private readonly outstanding = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs: number = BOOTSTRAP_CODE_TTL_MS,
  ) {}

  /** A fresh code; the oldest outstanding one is dropped past the limit. */
  issue(): string {
    const code = randomBytes(16).toString('hex');
    this.outstanding.set(code, this.now() + this.ttlMs);
    while (this.outstanding.size > MAX_OUTSTANDING_CODES) this.outstanding.delete(this.outstanding.keys().next().value!);
    return code;
  }

  /** Uses the code up: a second redeem of the same code fails, as does one after its expiry. */
  redeem(presented: string): RedeemOutcome {
    for (const [code, expiresAt] of this.outstanding) {
      if (!tokensEqual(code, presented)) continue;
      this.outstanding.delete(code);
      return this.now() <= expiresAt ? { ok: true } : { ok: false, reason: 'expired' };
    }
    return { ok: false, reason: 'unknown' };
  }
}
