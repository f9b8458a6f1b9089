// A kiosk request's nonce, for the stores that spend it in the same statement as their own write
// (heartbeats, event pushes): a replay is refused without a round trip of its own.

/** A request's nonce and when the platform may forget it (kioskAuth.ts checks the window). */
export interface SignedNonce {
  readonly nonce: string;
  readonly expiresAt: Date;
}
