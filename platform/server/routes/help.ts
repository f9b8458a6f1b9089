// Help admin API: "where citizens struggle" (platform/api/help.ts). The 呼叫帮助 requests are
// alerts, served by the alerts inbox (routes/monitoring.ts).
import { listStruggles } from '../../api/help';
import { registerAdminEndpoint } from '../admin/adminEndpoint';
import type { PlatformRoutes } from '../routeContext';

/** The window the console shows unless told otherwise. */
const DEFAULT_DAYS = 7;

export const helpRoutes: PlatformRoutes = (app, ctx) => {
  registerAdminEndpoint(app, ctx, listStruggles, async ({ query }) => {
    const days = query.days ?? DEFAULT_DAYS;
    // Whole hours: the window starts at the top of the hour `days` days ago.
    const since = new Date(Math.floor((ctx.now() - days * 86_400_000) / 3_600_000) * 3_600_000);
    const rows = await ctx.store.struggles.summary({ since, ...(query.kioskId ? { kioskId: query.kioskId } : {}), ...(query.signal ? { signal: query.signal } : {}) });
    return { since: since.toISOString(), rows };
  });
};
