// The private channel between a shell and the core process it starts (Node IPC under the browser
// shell, the utilityProcess port under Electron). Secrets travel only here: never in argv (every
// local user can read /proc/<pid>/cmdline), never in the environment, never on stdout.
import { z } from 'zod';

/** Shell → core, once, right after the start: what the core needs before it opens anything. */
export const CoreLaunchMessage = z.object({
  type: z.literal('launch'),
  /** The session token; the shell keeps it across core restarts so the renderer just reconnects. */
  token: z.string().regex(/^[0-9a-f]{64}$/),
  /** The PII data key (base64, 32 bytes) unwrapped by the shell (Electron safeStorage); absent = the 0600 key file. */
  dataKey: z.string().optional(),
});
export type CoreLaunchMessage = z.infer<typeof CoreLaunchMessage>;

/** Shell → core: a fresh one-time bootstrap code for a window or a preload. */
export const IssueBootstrapCodeMessage = z.object({ type: z.literal('issueBootstrapCode'), requestId: z.number().int() });

/** A release as the core verified it (version and installer digests from the signed manifest). */
const VerifiedReleaseFiles = z.array(z.object({ url: z.string(), sha512: z.string() })).min(1);

/** Shell → core: the offered release is downloaded (electron-updater checked its sha512) and its installer kept. */
export const AppUpdateDownloadedMessage = z.object({ type: z.literal('appUpdateDownloaded'), version: z.string(), installerPath: z.string() });
/**
 * Shell → core: the offered release was not downloaded. `notTheRelease`: electron-updater found
 * another release than the signed one (refused); `unsupportedInstall`: this install cannot update
 * itself unattended, e.g. a deb (refused); `downloadFailed`: network or sha512 (tried again later).
 */
export const AppUpdateDownloadFailedMessage = z.object({ type: z.literal('appUpdateDownloadFailed'), version: z.string(), reason: z.enum(['notTheRelease', 'unsupportedInstall', 'downloadFailed']), detail: z.string() });

export const ShellToCoreMessage = z.discriminatedUnion('type', [CoreLaunchMessage, IssueBootstrapCodeMessage, AppUpdateDownloadedMessage, AppUpdateDownloadFailedMessage]);
export type ShellToCoreMessage = z.infer<typeof ShellToCoreMessage>;

export const CoreToShellMessage = z.discriminatedUnion('type', [
  /** The core listens on the channel and asks for its launch message (sent only then, so none is lost). */
  z.object({ type: z.literal('awaitingLaunch') }),
  /** The core's server listens on `port`. */
  z.object({ type: z.literal('ready'), port: z.number().int() }),
  /** The answer to `issueBootstrapCode`. */
  z.object({ type: z.literal('bootstrapCode'), requestId: z.number().int(), code: z.string() }),
  /** The core could not start and is about to exit; `reason` is for the technician's log. */
  z.object({ type: z.literal('startFailed'), reason: z.string() }),
  /** Download this verified release in the background (docs/shell-and-server.md, "Updates"). */
  z.object({ type: z.literal('appUpdateDownload'), version: z.string(), files: VerifiedReleaseFiles, feedUrl: z.string().url() }),
  /** The safe point in a maintenance window has come: install the downloaded release and restart. */
  z.object({ type: z.literal('appUpdateInstall'), version: z.string() }),
  /** The release failed (health gate, crash loop): install the kept installer of the previous version. */
  z.object({ type: z.literal('appUpdateRollBack'), version: z.string(), installerPath: z.string() }),
]);
export type CoreToShellMessage = z.infer<typeof CoreToShellMessage>;

/** How long a core started by a shell waits for its launch message before giving up. */
export const LAUNCH_MESSAGE_TIMEOUT_MS = 15_000;

/** The core's end of the channel, whichever shell started it. */
export interface ParentChannel {
  send(message: CoreToShellMessage): void;
  onMessage(listener: (message: ShellToCoreMessage) => void): void;
  /** Called once when the shell is gone (its IPC closed): the core then stops. */
  onDisconnect(listener: () => void): void;
  /** Lets the process end: an open channel would keep a failed core alive forever. */
  close(): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  removeAllListeners(event: 'message'): void;
}

/** The channel to the process that started this one, or undefined when run by hand. */
export function parentChannel(processLike: NodeJS.Process = process): ParentChannel | undefined {
  const parse = (raw: unknown, listener: (message: ShellToCoreMessage) => void) => {
    const parsed = ShellToCoreMessage.safeParse(raw);
    if (parsed.success) listener(parsed.data);
  };
  if (processLike.send && processLike.connected) {
    return {
      send: (message) => {
        if (processLike.connected) processLike.send!(message);
      },
      onMessage: (listener) => processLike.on('message', (raw) => parse(raw, listener)),
      onDisconnect: (listener) => processLike.once('disconnect', listener),
      close: () => {
        if (processLike.connected) processLike.disconnect();
      },
    };
  }
  const port = (processLike as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (port) {
    return {
      send: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', (event) => parse(event.data, listener)),
      // Electron ends a utility process together with its main process.
      onDisconnect: () => undefined,
      close: () => port.removeAllListeners('message'),
    };
  }
  return undefined;
}
