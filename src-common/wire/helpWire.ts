// Help at the kiosk (#16 item 15, docs/ui.md "Help and struggle detection"): a citizen's 呼叫帮助 in
// a hall, raised as a platform alert, and the anonymous per-step struggle counts. Neither carries
// anything about the citizen: a kiosk, a step, a signal, a number. Pure: zod only.
import { z } from 'zod';

export const HELP_REQUESTED_KIND = 'help.requested';
export const STRUGGLE_COUNTS_KIND = 'help.struggleCounts';

/** What the struggle detector noticed on a step (src-renderer/help/struggleDetector.ts). */
export const StruggleSignal = z.enum([
  'longDwell', // on one step far longer than its threshold (stretched in 长辈模式)
  'validationErrors', // three refused submissions of the same step
  'backAndForth', // three 返回 between the same two steps
  'idleWarnings', // the second idle warning of a session
  'helpRequested', // the citizen tapped 呼叫帮助 themselves
]);
export type StruggleSignal = z.infer<typeof StruggleSignal>;

/** A step key as the renderer names it (`query-enter`, `form`, `pay-qr-displayed`): no free text. */
export const StepName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'a step key: letters, digits and . _ : -');
/** Where the citizen was: a home-screen service (`apply`, `pay`…) or `home`. */
export const HelpService = z.string().regex(/^[a-z][a-zA-Z]{0,31}$/, 'a service name');

/** `help.requested`: 呼叫帮助 tapped at a hall kiosk; the platform raises `citizenNeedsHelp`. */
export const HelpRequestedPayload = z.object({
  /** One per raised request; repeated taps within the kiosk's window reuse it and send nothing. */
  requestId: z.string().min(1).max(64),
  service: HelpService,
  step: StepName,
  requestedAt: z.string().datetime({ offset: true }),
});
export type HelpRequestedPayload = z.infer<typeof HelpRequestedPayload>;

/** The start of a UTC hour: counts are bucketed by it, so no count can be tied to a moment. */
export const HourStart = z
  .string()
  .datetime({ offset: true })
  .refine((iso) => Date.parse(iso) % 3_600_000 === 0, 'must be the start of an hour');

export const StruggleCount = z.object({
  service: HelpService,
  step: StepName,
  signal: StruggleSignal,
  count: z.number().int().positive().max(1_000_000),
});
export type StruggleCount = z.infer<typeof StruggleCount>;

/** `help.struggleCounts`: counts of one hour since the kiosk last sent that hour's; the platform adds them up. */
export const StruggleCountsPayload = z.object({
  hourStart: HourStart,
  counts: z.array(StruggleCount).min(1).max(500),
});
export type StruggleCountsPayload = z.infer<typeof StruggleCountsPayload>;

/** The start of the UTC hour `ms` falls in, as ISO text. */
export function hourStartOf(ms: number): string {
  return new Date(ms - (((ms % 3_600_000) + 3_600_000) % 3_600_000)).toISOString();
}
