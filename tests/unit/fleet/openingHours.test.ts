// Opening hours on the Asia/Shanghai clock: weekly periods, periods past midnight, holidays and
// make-up working days (调休), 24-hour chaining, and maintenance windows.
import { describe, expect, it } from 'vitest';
import { OpeningHours, type OpeningHours as Hours } from '../../../kiosk-config/schema';
import { inMaintenanceWindow, openingState } from '../../../src-main/core/fleet/openingHours';

/** An instant given on the Shanghai wall clock. */
const cst = (local: string) => Date.parse(`${local}+08:00`);

const village: Hours = OpeningHours.parse({
  weekly: {
    mon: [{ from: '08:00', to: '12:00' }, { from: '14:00', to: '20:00' }],
    tue: [{ from: '08:00', to: '20:00' }],
    wed: [{ from: '08:00', to: '20:00' }],
    thu: [{ from: '08:00', to: '20:00' }],
    fri: [{ from: '18:00', to: '02:00' }], // a late evening past midnight
    sat: [],
    sun: [],
  },
  exceptions: [
    { date: '2026-10-01', periods: [] }, // National Day (a Thursday): closed
    { date: '2026-10-10', periods: [{ from: '09:00', to: '17:00' }] }, // a Saturday made a working day
  ],
});

describe('openingState', () => {
  it('defaults to always open with no closing in sight', () => {
    expect(openingState(OpeningHours.parse({}), cst('2026-11-26T03:00:00'))).toEqual({ open: true, closesAt: null });
  });

  it('is open inside a period, and says when it closes', () => {
    // 2026-11-23 is a Monday.
    expect(openingState(village, cst('2026-11-23T09:30:00'))).toEqual({ open: true, closesAt: '2026-11-23T04:00:00.000Z' });
    expect(openingState(village, cst('2026-11-23T08:00:00'))).toMatchObject({ open: true });
  });

  it('is closed at the end instant and over lunch, and names the next opening', () => {
    expect(openingState(village, cst('2026-11-23T12:00:00'))).toEqual({ open: false, nextOpeningAt: new Date(cst('2026-11-23T14:00:00')).toISOString() });
    expect(openingState(village, cst('2026-11-23T22:00:00'))).toEqual({ open: false, nextOpeningAt: new Date(cst('2026-11-24T08:00:00')).toISOString() });
  });

  it('keeps a Friday evening period open past midnight into Saturday, then closes for the weekend', () => {
    expect(openingState(village, cst('2026-11-28T01:30:00'))).toEqual({ open: true, closesAt: new Date(cst('2026-11-28T02:00:00')).toISOString() });
    expect(openingState(village, cst('2026-11-28T03:00:00'))).toEqual({ open: false, nextOpeningAt: new Date(cst('2026-11-30T08:00:00')).toISOString() });
  });

  it('closes on a holiday and opens on a make-up working Saturday', () => {
    expect(openingState(village, cst('2026-10-01T10:00:00'))).toEqual({ open: false, nextOpeningAt: new Date(cst('2026-10-02T18:00:00')).toISOString() });
    expect(openingState(village, cst('2026-10-10T10:00:00'))).toEqual({ open: true, closesAt: new Date(cst('2026-10-10T17:00:00')).toISOString() });
  });

  it('chains whole days into one open stretch and finds the closing days later', () => {
    const hours = OpeningHours.parse({ exceptions: [{ date: '2026-12-01', periods: [] }] });
    expect(openingState(hours, cst('2026-11-26T12:00:00'))).toEqual({ open: true, closesAt: new Date(cst('2026-12-01T00:00:00')).toISOString() });
  });

  it('reports no opening when the kiosk stays closed beyond the horizon', () => {
    const closed = OpeningHours.parse({ weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } });
    expect(openingState(closed, cst('2026-11-26T12:00:00'))).toEqual({ open: false, nextOpeningAt: null });
  });

  it('refuses periods without a length or starting at 24:00', () => {
    expect(OpeningHours.safeParse({ weekly: { ...village.weekly, mon: [{ from: '08:00', to: '08:00' }] } }).success).toBe(false);
    expect(OpeningHours.safeParse({ weekly: { ...village.weekly, mon: [{ from: '24:00', to: '08:00' }] } }).success).toBe(false);
    expect(OpeningHours.safeParse({ weekly: { ...village.weekly, mon: [{ from: '8:00', to: '12:00' }] } }).success).toBe(false);
  });
});

describe('inMaintenanceWindow', () => {
  const windows = [{ days: ['tue' as const, 'fri' as const], from: '23:00', to: '04:00' }];
  it('holds inside a window that runs past midnight, on the right days only', () => {
    expect(inMaintenanceWindow(windows, cst('2026-11-24T23:30:00'))).toBe(true); // Tuesday night
    expect(inMaintenanceWindow(windows, cst('2026-11-25T03:59:00'))).toBe(true); // still Tuesday's window
    expect(inMaintenanceWindow(windows, cst('2026-11-25T04:00:00'))).toBe(false);
    expect(inMaintenanceWindow(windows, cst('2026-11-25T23:30:00'))).toBe(false); // Wednesday
  });
  it('is never true without windows', () => {
    expect(inMaintenanceWindow([], cst('2026-11-24T23:30:00'))).toBe(false);
  });
});
