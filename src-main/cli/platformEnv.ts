// Environment variables of `budayang platform …`: secrets that must not sit in a process list.

/** The PostgreSQL URL of `platform serve` (with its password). */
export const DATABASE_URL_ENV = 'BUDAYANG_DATABASE_URL';

/** The holder lookup key (base64) every instance sharing a database must hold; else `<data>/holder-lookup.key`. */
export const HOLDER_LOOKUP_KEY_ENV = 'BUDAYANG_HOLDER_LOOKUP_KEY';

/** The fleet signing key file (a mounted secret) every instance sharing a database must be given. */
export const SIGNING_KEY_ENV = 'BUDAYANG_SIGNING_KEY';
