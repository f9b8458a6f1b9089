// `budayang provision --platform URL --code CODE`: registers this kiosk's Ed25519 key with the
// central platform using a one-time code from the platform's admin.
import path from 'node:path';
import { loadConfig } from '../../core/config/loadConfig';
import { createLogger } from '../../core/logging/createLogger';
import { describeFailure, provisionKiosk } from '../../core/sync/PlatformClient';
import { openSyncStack } from '../../core/sync/openSyncStack';
import { APP_VERSION } from '../../core/version';
import { parseCommandArgs } from '../args';
import { println, type CliCommand } from '../command';

const provision: CliCommand = {
  path: ['provision'],
  summary: 'Registers this kiosk with the central platform using a one-time provisioning code.',
  usage: '--platform URL --code CODE [--profile NAME] [--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { platform: { type: 'string' }, code: { type: 'string' }, profile: { type: 'string' }, json: { type: 'boolean' } });
    if (!parsed.ok || !parsed.value.values.platform || !parsed.value.values.code) {
      println(ctx.stderr, `budayang provision: ${parsed.ok ? '--platform and --code are required' : parsed.error}`);
      return 2;
    }
    const { platform, code, profile, json } = parsed.value.values;
    const config = loadConfig({ profile: profile ?? ctx.env.BUDAYANG_PROFILE ?? 'demo' });
    if (!config.ok) {
      println(ctx.stderr, `budayang provision: ${config.error}`);
      return 1;
    }
    const opened = openSyncStack({ dataDir: ctx.dataDir, log: createLogger({ logDir: path.join(ctx.dataDir, 'logs') }) });
    if (!opened.ok) {
      println(ctx.stderr, `budayang provision: ${opened.error}`);
      return 1;
    }
    try {
      const result = await provisionKiosk(opened.value.identity, platform, { code, kioskCode: config.value.kiosk.code, appVersion: APP_VERSION });
      if (!result.ok) {
        println(ctx.stderr, `budayang provision: ${describeFailure(result.error)}`);
        return 1;
      }
      if (json) println(ctx.stdout, JSON.stringify({ kioskId: result.value.kioskId, platform }));
      else println(ctx.stdout, `provisioned as ${result.value.kioskId} with ${platform}`);
      return 0;
    } finally {
      opened.value.close();
    }
  },
};

export const provisionCommands: readonly CliCommand[] = [provision];
