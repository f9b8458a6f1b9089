// A signed request's nonce, for the routes that spend it in their own write (heartbeats, event
// pushes). Its own module so the stores can name it without importing kioskAuth (which imports
// the kiosk store): no import cycle.
export interface SignedNonce {
  readonly nonce: string;
  readonly expiresAt: Date;
}
