// The admin API's bearer token, given or kept in a 0600 file in the platform's data directory
// (the fleet signing key: fleet/signingKey.ts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The admin bearer token: given, or read from / created in `admin-token` (0600). */
export function loadOrCreateAdminToken(dataDir: string, given?: string): string {
  if (given) return given;
  const file = path.join(dataDir, 'admin-token');
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(24).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}
