// Opening hours and maintenance windows on the Asia/Shanghai clock (docs/fleet.md). Pure: the
// schedule and an instant in, whether the kiosk is open (and until when, or from when) out.
// China Standard Time is UTC+8 all year (no daylight saving since 1991), so no zone database.
import type { MaintenanceWindow, OpeningHours, OpeningPeriod, Weekday } from '../../../kiosk-config/schema';

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** How far ahead the next opening (or closing) is searched: two months covers any holiday. */
export const HORIZON_DAYS = 62;

const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Whether citizens may start a session now. */
export type OpeningState =
  // open; `closesAt` null when no closing falls within the horizon (a 24-hour kiosk)
  | { readonly open: true; readonly closesAt: string | null }
  // closed; `nextOpeningAt` null when no opening falls within the horizon
  | { readonly open: false; readonly nextOpeningAt: string | null };

interface Interval {
  readonly start: number;
  readonly end: number;
}

/** Midnight (UTC ms) that starts the Shanghai calendar day containing `ms`. */
function shanghaiMidnight(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** `YYYY-MM-DD` and weekday of the Shanghai day starting at `midnight`. */
function dayOf(midnight: number): { readonly date: string; readonly weekday: Weekday } {
  const local = new Date(midnight + SHANGHAI_OFFSET_MS);
  return { date: local.toISOString().slice(0, 10), weekday: WEEKDAYS[local.getUTCDay()]! };
}

function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h! * 60 + m!;
}

/** A period of the day starting at `midnight` as an absolute interval; an end at or before the start is on the next day. */
function toInterval(midnight: number, period: Pick<OpeningPeriod, 'from' | 'to'>): Interval {
  const from = minutesOf(period.from);
  const to = minutesOf(period.to);
  return { start: midnight + from * MINUTE_MS, end: midnight + (to > from ? to : to + 24 * 60) * MINUTE_MS };
}

/** Sorted, with overlapping or touching intervals joined (so 24-hour days chain into one). */
function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const next of sorted) {
    const last = out[out.length - 1];
    if (last && next.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, next.end) };
    else out.push(next);
  }
  return out;
}

/** The periods that apply on one date: its exception if it has one, else its weekday's. */
export function periodsOn(hours: OpeningHours, date: string, weekday: Weekday): readonly OpeningPeriod[] {
  return hours.exceptions.find((e) => e.date === date)?.periods ?? hours.weekly[weekday];
}

function openIntervals(hours: OpeningHours, nowMs: number): Interval[] {
  const today = shanghaiMidnight(nowMs);
  const intervals: Interval[] = [];
  // From yesterday (its late periods may run past midnight) to the horizon.
  for (let d = -1; d <= HORIZON_DAYS; d++) {
    const midnight = today + d * DAY_MS;
    const { date, weekday } = dayOf(midnight);
    for (const period of periodsOn(hours, date, weekday)) intervals.push(toInterval(midnight, period));
  }
  return merge(intervals);
}

export function openingState(hours: OpeningHours, nowMs: number): OpeningState {
  const horizonEnd = shanghaiMidnight(nowMs) + HORIZON_DAYS * DAY_MS;
  const intervals = openIntervals(hours, nowMs);
  const current = intervals.find((i) => i.start <= nowMs && nowMs < i.end);
  if (current) return { open: true, closesAt: current.end >= horizonEnd ? null : new Date(current.end).toISOString() };
  const next = intervals.find((i) => i.start > nowMs && i.start < horizonEnd);
  return { open: false, nextOpeningAt: next ? new Date(next.start).toISOString() : null };
}

/** Whether `nowMs` falls inside one of the weekly maintenance windows (none configured: never). */
export function inMaintenanceWindow(windows: readonly MaintenanceWindow[], nowMs: number): boolean {
  const today = shanghaiMidnight(nowMs);
  for (const d of [-1, 0]) {
    const midnight = today + d * DAY_MS;
    const { weekday } = dayOf(midnight);
    for (const window of windows) {
      if (!window.days.includes(weekday)) continue;
      const interval = toInterval(midnight, window);
      if (interval.start <= nowMs && nowMs < interval.end) return true;
    }
  }
  return false;
}
