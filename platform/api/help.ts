// "Where citizens struggle" (#16 item 15): the anonymous per-step counts kiosks send in hourly
// buckets (`help.struggleCounts`), added up over a window of days across the fleet or for one
// kiosk. No person, session or moment finer than an hour is in them. Pure: zod only.
import { z } from 'zod';
import { HelpService, StepName, StruggleSignal } from '../../src-common/wire/helpWire';
import { defineEndpoint } from './endpoint';

/** Most rows one answer holds, the largest counts first. */
export const MAX_STRUGGLE_ROWS = 200;

export const StruggleRow = z.object({
  service: HelpService,
  step: StepName,
  signal: StruggleSignal,
  count: z.number().int().nonnegative(),
  /** How many kiosks reported it: one kiosk with a broken reader differs from a confusing step everywhere. */
  kiosks: z.number().int().positive(),
});
export type StruggleRow = z.infer<typeof StruggleRow>;

export const listStruggles = defineEndpoint({
  name: 'struggles.list',
  method: 'GET',
  path: '/admin/struggles',
  summary: 'Where citizens struggle: counts per (service, step, signal) over the last `days` days (default 7), largest first, for the fleet or one kiosk.',
  access: { kind: 'permission', permission: 'alerts.read' },
  query: z.object({
    days: z.coerce.number().int().min(1).max(90).optional(),
    kioskId: z.string().max(200).optional(),
    signal: StruggleSignal.optional(),
  }),
  response: z.object({ since: z.string(), rows: z.array(StruggleRow).max(MAX_STRUGGLE_ROWS) }),
  errors: [],
});

export const HELP_ENDPOINTS = [listStruggles] as const;
