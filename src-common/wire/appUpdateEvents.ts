// The outbox event of app updates (docs/shell-and-server.md, "Updates"; ADR 0016): what became of
// one app release on a kiosk. Registered in eventRegistry.ts; the platform's rollout of an app
// release counts it like `fleet.bundleResult` (applied, or failed = rolled back or refused). No PII.
import { z } from 'zod';

export const APP_UPDATE_RESULT_KIND = 'fleet.appUpdateResult';

const IsoTime = z.string().datetime({ offset: true });
const AppVersion = z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);

/** Why a release was taken back; the kiosk runs the version it ran before. */
export const AppRollbackReason = z.enum([
  'healthGate', // after the restart, a service or the platform did not come back within the gate
  'crashLoop', // the app did not stay up through the allowed boots under the new version
  'installFailed', // after the install the previous version still runs (the installer failed or was undone)
]);
export type AppRollbackReason = z.infer<typeof AppRollbackReason>;

/** Why a release was never installed. */
export const AppRefusalReason = z.enum([
  'malformedSignature', // the manifest's .sig is missing or not a release signature
  'wrongFile', // the signature is for another manifest file
  'digestMismatch', // the manifest's bytes are not the ones signed (tampered)
  'unknownKey', // signed by a key this kiosk does not pin
  'revokedKey', // signed by a revoked key
  'badSignature', // the signature does not verify
  'invalidManifest', // the signed manifest is not an update manifest
  'notTheRelease', // what electron-updater fetched is not the signed release
  'unsupportedInstall', // this install cannot update itself unattended (a deb needs root)
]);
export type AppRefusalReason = z.infer<typeof AppRefusalReason>;

const ResultBase = {
  /** Unique per result: the platform de-duplicates on it beside the outbox idempotency key. */
  resultId: z.string().min(1).max(100),
  version: AppVersion,
  /** The version that ran before (applied, rolled back) or still runs (refused). */
  previousVersion: AppVersion,
  /** For people: what happened, in English (never shown to citizens). */
  detail: z.string().max(2000),
  at: IsoTime,
};

export const AppUpdateResultPayload = z.discriminatedUnion('outcome', [
  // passed the health gate after the restart
  z.object({ ...ResultBase, outcome: z.literal('applied') }),
  // installed, then taken back (or the install never took)
  z.object({ ...ResultBase, outcome: z.literal('rolledBack'), reason: AppRollbackReason }),
  // never installed
  z.object({ ...ResultBase, outcome: z.literal('refused'), reason: AppRefusalReason }),
]);
export type AppUpdateResultPayload = z.infer<typeof AppUpdateResultPayload>;

/** One stream: app results stay in order. */
export const APP_UPDATE_STREAM_KEY = 'fleet:app';
