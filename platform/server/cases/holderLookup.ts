// Finding a holder's cases without keeping ID numbers (issue #12 item 3): the platform stores
// HMAC-SHA256(lookup key, ID number) instead of the number. A plain hash would not do: an ID
// number has so little entropy (region, birth date, a 3-digit sequence, a check digit) that every
// plausible number can be hashed in minutes, so a plain hash is the number. Keyed, a copy of the
// database alone reveals nothing; the key lives beside the admin key, outside the database, and
// every instance sharing a database must hold the same one (checked at start by its fingerprint).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const HOLDER_LOOKUP_KEY_FILE = 'holder-lookup.key';

export interface HolderLookup {
  /** The stored lookup value of an ID number (hex). */
  holderKey(idNumber: string): string;
  /** A fingerprint of the key, safe to store: instances compare it to refuse a mismatched key. */
  readonly keyId: string;
}

/** The form an ID number is hashed in: no spaces, the check character X upper-case. */
export function normalizeIdNumber(idNumber: string): string {
  return idNumber.replace(/\s+/g, '').toUpperCase();
}

export function holderLookupFromKey(key: Buffer): HolderLookup {
  if (key.length < 32) throw new Error('the holder lookup key must be at least 32 bytes');
  return {
    holderKey: (idNumber) => crypto.createHmac('sha256', key).update(normalizeIdNumber(idNumber)).digest('hex'),
    keyId: crypto.createHmac('sha256', key).update('budayang holder lookup key id').digest('hex').slice(0, 16),
  };
}

/**
 * The key given (base64, e.g. from $BUDAYANG_HOLDER_LOOKUP_KEY), else read from or created in
 * `<dataDir>/holder-lookup.key` (0600, base64).
 */
export function loadOrCreateHolderLookup(dataDir: string, givenBase64?: string): HolderLookup {
  if (givenBase64) return holderLookupFromKey(Buffer.from(givenBase64, 'base64'));
  const file = path.join(dataDir, HOLDER_LOOKUP_KEY_FILE);
  if (!fs.existsSync(file)) {
    // Written aside, then linked into place: a second instance starting on the same folder
    // either wins the link or reads the complete key the first one linked.
    const draft = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(draft, crypto.randomBytes(32).toString('base64'), { mode: 0o600 });
    try {
      fs.linkSync(draft, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      fs.rmSync(draft, { force: true });
    }
  }
  return holderLookupFromKey(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64'));
}
