// electron-builder-shaped update manifests for the update tests.
import crypto from 'node:crypto';

export function sha512Of(seed: string): string {
  return crypto.createHash('sha512').update(seed).digest('base64');
}

export function manifestText(version: string): string {
  return [
    `version: ${version}`,
    'files:',
    `  - url: Budayang-${version}.AppImage`,
    `    sha512: ${sha512Of(version)}`,
    '    size: 123456789',
    `path: Budayang-${version}.AppImage`,
    `sha512: ${sha512Of(version)}`,
    "releaseDate: '2026-12-01T08:00:00.000Z'",
    '',
  ].join('\n');
}
