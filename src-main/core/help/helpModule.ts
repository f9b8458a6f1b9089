// The help domain of the core (#16 item 15): 呼叫帮助 requests and the anonymous struggle counts,
// both through the outbox; the counts are flushed every `help.countsFlushSeconds` and at stop.
import { defineModule } from '../composition/CoreModule';
import { systemClock } from '../outbox/outboxTypes';
import { KioskDatabaseId, KioskIdentityId, OutboxId } from '../storage/storageServices';
import { HelpRequests } from './HelpRequests';
import { StruggleCounts } from './StruggleCounts';
import { registerHelpApi } from './helpApi';

export const helpModule = defineModule({
  name: 'help',
  requires: { db: KioskDatabaseId, outbox: OutboxId, identity: KioskIdentityId },
  start(ctx, { db, outbox, identity }) {
    const settings = ctx.config.help;
    const now = () => systemClock.now();
    const requests = new HelpRequests(outbox, settings.repeatWindowSeconds * 1000, now, () => identity.registration() !== undefined);
    const counts = new StruggleCounts(db, outbox, now);
    registerHelpApi(ctx, requests, counts);
    const log = ctx.log.child('help');
    const flush = () => {
      const flushed = counts.flush();
      if (!flushed.ok) log.warn('help.counts_not_flushed', { error: flushed.error.message });
      else if (flushed.value > 0) log.info('help.counts_flushed', { events: flushed.value });
    };
    const timer = setInterval(flush, settings.countsFlushSeconds * 1000);
    timer.unref();
    ctx.onStop(() => {
      clearInterval(timer);
      flush();
    });
  },
});
