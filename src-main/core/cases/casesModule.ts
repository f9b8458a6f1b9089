// Case progress queries (自助查询): asks the central platform for a case's status. Online only:
// the kiosk keeps no copy of other kiosks' cases, and an offline answer would be a guess.
import { apiError } from '../../../src-common/api/envelope';
import { err, ok } from '../../../src-common/result';
import { defineModule } from '../composition/CoreModule';
import { PlatformClientId } from '../sync/PlatformClient';

export const casesModule = defineModule({
  name: 'cases',
  requires: { platform: PlatformClientId },
  start(ctx, { platform }) {
    const log = ctx.log.child('cases');
    // The module's one method is its API adapter: composition and adapter stay in one small file.
    ctx.router.register('Case.Query', async (input) => {
      const answer = await platform.caseStatus(input.caseNumber);
      if (answer.ok) return ok(answer.value);
      const failure = answer.error;
      if (failure.kind === 'http' && failure.status === 404) return err(apiError('userError', 'caseNotFound', `case ${input.caseNumber} is not known to the platform`));
      log.warn('cases.query_failed', { kind: failure.kind });
      return err(apiError('deviceNotReady', 'platformUnavailable', `the central platform cannot be reached (${failure.kind})`));
    });
  },
});
