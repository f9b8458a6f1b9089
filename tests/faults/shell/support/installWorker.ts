// A process that runs one step of the versioned install store and kills itself with SIGKILL right
// after the named durable step (a real kill -9 at that instant): argv = root op version killAt [tarball].
import { recordStart, switchToRelease, unpackRelease, type InstallStep } from '../../../../src-main/core/updates/versionedInstall';

const [root, op, version, killAt, tarball] = process.argv.slice(2) as [string, string, string, InstallStep, string | undefined];
const onStep = (step: InstallStep) => {
  if (step === killAt) process.kill(process.pid, 'SIGKILL');
};
const now = new Date('2026-12-05T02:00:00.000Z');
if (op === 'unpack') unpackRelease(root, version, tarball!, { onStep });
else if (op === 'switch') switchToRelease(root, version, now, { onStep });
// The first start of the version on trial already exceeds a policy of zero starts: the rollback runs.
else if (op === 'crashLoop') recordStart(root, now, { maxStarts: 0, windowMs: 60_000 }, { onStep });
else throw new Error(`unknown op ${op}`);
