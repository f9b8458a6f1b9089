// A signed request's nonce, as the routes that spend it in their own write pass it to the stores
// (heartbeats, event pushes). Its own module so the stores need not import kioskAuth (an import cycle).

/** A request's nonce, for a route that spends it in its own write (heartbeats, event pushes). */
export interface SignedNonce {
  readonly nonce: string;
  readonly expiresAt: Date;
}
