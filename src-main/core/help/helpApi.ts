// The Help.* API adapter: 呼叫帮助 and the struggle counts (src-common/api/help.ts). A storage
// failure is a completion code the renderer turns into "please go to a window or call 12345".
import { apiError } from '../../../src-common/api/envelope';
import { err, ok } from '../../../src-common/result';
import type { CoreContext } from '../CoreContext';
import type { HelpRequests } from './HelpRequests';
import type { StruggleCounts } from './StruggleCounts';

export function registerHelpApi(ctx: CoreContext, requests: HelpRequests, counts: StruggleCounts): void {
  const log = ctx.log.child('help');
  ctx.router.register('Help.Request', async (input) => {
    const raised = requests.request(input.service, input.step);
    if (!raised.ok) {
      log.error('help.request_not_recorded', { step: input.step, error: raised.error.message });
      if (raised.error.kind === 'noStaffChannel') return err(apiError('deviceNotReady', 'noStaffChannel', `nobody can be called: ${raised.error.message}`));
      return err(apiError('hardwareError', 'notRecorded', `the help request could not be recorded: ${raised.error.message}`));
    }
    // A counted signal too: the admins' "where citizens struggle" shows where help was asked for.
    if (!raised.value.repeated) counts.add(input.service, input.step, 'helpRequested');
    log.info(raised.value.repeated ? 'help.request_repeated' : 'help.requested', { service: input.service, step: input.step });
    return ok(raised.value);
  });
  ctx.router.register('Help.ReportStruggle', async (input) => {
    const added = counts.add(input.service, input.step, input.signal);
    if (!added.ok) return err(apiError('hardwareError', 'notRecorded', `the struggle count could not be recorded: ${added.error.message}`));
    return ok({});
  });
}
