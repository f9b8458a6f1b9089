// The app shell as pure logic (issue #15 item 9, #16 defects 2 and 3): which screen shows, whose
// session it is, the confirmation before ending with money in flight, and the idle rule that
// never ends a session while a payment holds it.
import { describe, expect, it } from 'vitest';
import { appReducer, availabilityScreenFor, closingSoonAt, INITIAL_APP_STATE, MAINTENANCE_TAPS, MAINTENANCE_WINDOW_MS, reloadsAtOnce, type AppEvent, type AppState } from '../../../src-renderer/app/appMachine';
import { nextIdlePhase, type IdlePhase } from '../../../src-renderer/app/idleClock';
import { SessionActivity } from '../../../src-renderer/app/sessionActivity';
import { STAFF_WAIT_MS } from '../../../src-renderer/help/HelpPanel';

const run = (state: AppState, ...events: AppEvent[]) => events.reduce(appReducer, state);

describe('appMachine', () => {
  it('a touch before the first status is honoured when it arrives', () => {
    const waiting = appReducer(INITIAL_APP_STATE, { type: 'attractTouched', statusKnown: false });
    expect(waiting.screen).toEqual({ kind: 'attract' });
    expect(appReducer(waiting, { type: 'statusArrived', open: true }).screen).toEqual({ kind: 'home' });
  });

  it('a touch before the status of a closed kiosk does not open home (issue #11)', () => {
    const waiting = appReducer(INITIAL_APP_STATE, { type: 'attractTouched', statusKnown: false });
    const closed = appReducer(waiting, { type: 'statusArrived', open: false });
    expect(closed.screen).toEqual({ kind: 'attract' });
    expect(closed.startRequested).toBe(false);
  });

  it('closing sends home without a session back to the closed screen; a session in progress finishes (issue #11)', () => {
    const home = run(INITIAL_APP_STATE, { type: 'attractTouched', statusKnown: true });
    expect(appReducer(home, { type: 'availabilityClosed', hasSession: false }).screen).toEqual({ kind: 'attract' });
    expect(appReducer(home, { type: 'availabilityClosed', hasSession: true }).screen).toEqual({ kind: 'home' });
    const journey = appReducer(home, { type: 'serviceOpened', service: 'pay' });
    expect(appReducer(journey, { type: 'availabilityClosed', hasSession: true }).screen).toEqual(journey.screen);
  });

  it('an availability screen takes only the attract screen’s place (issue #11)', () => {
    const closed = { state: 'closed', nextOpeningAt: '2026-12-06T00:30:00.000Z' } as const;
    const maintenance = { state: 'maintenance', since: '2026-12-05T10:00:00.000Z' } as const;
    expect(availabilityScreenFor(closed, { kind: 'attract' })).toEqual(closed);
    expect(availabilityScreenFor(maintenance, { kind: 'attract' })).toEqual(maintenance);
    expect(availabilityScreenFor({ state: 'open', closesAt: null }, { kind: 'attract' })).toBeUndefined();
    expect(availabilityScreenFor(undefined, { kind: 'attract' })).toBeUndefined();
    expect(availabilityScreenFor(maintenance, { kind: 'journey', service: 'apply', visit: 1 })).toBeUndefined();
    expect(availabilityScreenFor(maintenance, { kind: 'diagnostics' })).toBeUndefined();
  });

  it('says the kiosk is closing soon only within half an hour of its closing time', () => {
    const closesAt = '2026-12-05T13:00:00.000Z';
    const at = (iso: string) => Date.parse(iso);
    expect(closingSoonAt({ state: 'open', closesAt }, at('2026-12-05T12:29:59.000Z'))).toBeUndefined();
    expect(closingSoonAt({ state: 'open', closesAt }, at('2026-12-05T12:30:00.000Z'))).toBe(closesAt);
    expect(closingSoonAt({ state: 'open', closesAt }, at('2026-12-05T12:59:59.000Z'))).toBe(closesAt);
    expect(closingSoonAt({ state: 'open', closesAt }, at('2026-12-05T13:00:00.000Z'))).toBeUndefined();
    // A 24-hour kiosk, a closed one, and no status yet: nothing to say.
    expect(closingSoonAt({ state: 'open', closesAt: null }, at('2026-12-05T12:50:00.000Z'))).toBeUndefined();
    expect(closingSoonAt({ state: 'closed', nextOpeningAt: closesAt }, at('2026-12-05T12:50:00.000Z'))).toBeUndefined();
    expect(closingSoonAt(undefined, at('2026-12-05T12:50:00.000Z'))).toBeUndefined();
  });

  it('a remote reloadScreen reloads at once only when nobody uses the kiosk (issue #11)', () => {
    expect(reloadsAtOnce({ kind: 'attract' })).toBe(true);
    expect(reloadsAtOnce({ kind: 'home' })).toBe(false);
    expect(reloadsAtOnce({ kind: 'journey', service: 'pay', visit: 1 })).toBe(false);
    expect(reloadsAtOnce({ kind: 'diagnostics' })).toBe(false);
    expect(reloadsAtOnce({ kind: 'ending', remindCard: true })).toBe(false);
  });

  it('opens a journey and comes home; each opening is a new visit (a fresh journey)', () => {
    const s = run(INITIAL_APP_STATE, { type: 'attractTouched', statusKnown: true }, { type: 'serviceOpened', service: 'pay' });
    expect(s.screen).toEqual({ kind: 'journey', service: 'pay', visit: 1 });
    const again = run(s, { type: 'homeRequested' }, { type: 'serviceOpened', service: 'pay' });
    expect(again.screen).toEqual({ kind: 'journey', service: 'pay', visit: 2 });
  });

  it('the hidden gesture needs five quick taps on the attract screen only', () => {
    const taps = (start: number, gap: number) => Array.from({ length: MAINTENANCE_TAPS }, (_, i) => ({ type: 'cornerTapped', at: start + i * gap }) as AppEvent);
    expect(run(INITIAL_APP_STATE, ...taps(0, 100)).screen).toEqual({ kind: 'diagnostics' });
    expect(run(INITIAL_APP_STATE, ...taps(0, MAINTENANCE_WINDOW_MS)).screen).toEqual({ kind: 'attract' });
  });

  it('remembers whose session it is, and reminds to take the card at the end (#16 defects 3, 9)', () => {
    const home = run(INITIAL_APP_STATE, { type: 'attractTouched', statusKnown: true });
    expect(appReducer(home, { type: 'sessionEnding' }).screen).toEqual({ kind: 'ending', remindCard: false });
    const identified = appReducer(home, { type: 'cardRead', maskedName: '王**' });
    expect(identified.holder).toBe('王**');
    expect(appReducer(identified, { type: 'sessionEnding' }).screen).toEqual({ kind: 'ending', remindCard: true });
  });

  it('ending with money in flight asks first; without, it does not', () => {
    const home = run(INITIAL_APP_STATE, { type: 'attractTouched', statusKnown: true });
    expect(appReducer(home, { type: 'exitRequested', moneyInFlight: false }).confirmingExit).toBe(false);
    const asking = appReducer(home, { type: 'exitRequested', moneyInFlight: true });
    expect(asking.confirmingExit).toBe(true);
    expect(appReducer(asking, { type: 'exitDismissed' }).confirmingExit).toBe(false);
    expect(appReducer(asking, { type: 'sessionEnding' })).toMatchObject({ confirmingExit: false, screen: { kind: 'ending' } });
  });
});

describe('idle rule', () => {
  const options = { warnAfterMs: 60_000, countdownMs: 20_000 };
  const at = (phase: IdlePhase, now: number, lastActivity: number, held = false) => nextIdlePhase(phase, { now, lastActivity, held, ...options });

  it('warns after the wait, counts down, then times out', () => {
    let phase: IdlePhase = { kind: 'active' };
    phase = at(phase, 59_999, 0);
    expect(phase).toEqual({ kind: 'active' });
    phase = at(phase, 60_000, 0);
    expect(phase).toEqual({ kind: 'warning', since: 60_000, secondsLeft: 20 });
    phase = at(phase, 70_500, 0);
    expect(phase).toEqual({ kind: 'warning', since: 60_000, secondsLeft: 10 });
    expect(at(phase, 80_000, 0)).toEqual({ kind: 'timedOut' });
  });

  it('a hold (a QR on screen, notes being fed) keeps the session however long it lasts (#16 defect 2)', () => {
    expect(at({ kind: 'active' }, 10 * 60_000, 0, true)).toEqual({ kind: 'active' });
    const warning: IdlePhase = { kind: 'warning', since: 60_000, secondsLeft: 5 };
    expect(at(warning, 75_000, 0, true)).toEqual({ kind: 'active' });
  });

  it('activity after the warning appeared (a card placed, a note stacked) ends the warning', () => {
    const warning: IdlePhase = { kind: 'warning', since: 60_000, secondsLeft: 15 };
    expect(at(warning, 66_000, 65_000)).toEqual({ kind: 'active' });
  });

  it('the activity store: holds, the cash already in, and release as activity', () => {
    let clock = 1000;
    const activity = new SessionActivity(() => clock);
    const hold = activity.hold('Fee.PayCash');
    expect(activity.isHeld).toBe(true);
    hold.paid(4000);
    expect(activity.heldCommands()).toEqual([{ method: 'Fee.PayCash', paidFen: 4000 }]);
    clock = 500_000;
    hold.release();
    hold.release();
    expect(activity.isHeld).toBe(false);
    expect(activity.lastActivity).toBe(500_000);
  });
});

describe('waiting for staff after 呼叫帮助 (hall)', () => {
  const WARN_MS = 60_000;
  const COUNTDOWN_MS = 20_000;
  const phaseAt = (activity: SessionActivity, now: number, phase: IdlePhase = { kind: 'active' }) => nextIdlePhase(phase, { now, lastActivity: activity.lastActivity, held: activity.isHeld, warnAfterMs: WARN_MS, countdownMs: COUNTDOWN_MS });

  it('keeps an untouched session through the wait, then warns as usual', () => {
    let clock = 1_000_000;
    const activity = new SessionActivity(() => clock);
    activity.keepAliveUntil(clock + STAFF_WAIT_MS);
    clock += STAFF_WAIT_MS - 1;
    expect(phaseAt(activity, clock)).toEqual({ kind: 'active' });
    // The wait is over: the warning comes after the usual quiet minute, not at once.
    clock += 1 + WARN_MS - 1;
    expect(phaseAt(activity, clock)).toEqual({ kind: 'active' });
    clock += 1;
    expect(phaseAt(activity, clock)).toMatchObject({ kind: 'warning', secondsLeft: 20 });
  });

  it('ends a warning already up when staff are called, and a closed panel returns to the ordinary rule', () => {
    let clock = 2_000_000;
    const activity = new SessionActivity(() => clock);
    clock += WARN_MS + 5_000;
    const warning = phaseAt(activity, clock);
    expect(warning.kind).toBe('warning');
    activity.keepAliveUntil(clock + STAFF_WAIT_MS);
    clock += 1;
    expect(phaseAt(activity, clock, warning)).toEqual({ kind: 'active' });
    // The citizen closes the panel after a minute: a quiet minute from then, then the warning.
    clock += 60_000;
    activity.endKeepAlive();
    clock += WARN_MS - 1;
    expect(phaseAt(activity, clock)).toEqual({ kind: 'active' });
    clock += 1;
    expect(phaseAt(activity, clock).kind).toBe('warning');
  });

  it('never shortens a longer keep-alive', () => {
    let clock = 3_000_000;
    const activity = new SessionActivity(() => clock);
    activity.keepAliveUntil(clock + 10_000);
    activity.keepAliveUntil(clock + 5_000);
    clock += 10_000 + WARN_MS - 1;
    expect(phaseAt(activity, clock)).toEqual({ kind: 'active' });
    clock += 1;
    expect(phaseAt(activity, clock).kind).toBe('warning');
  });
});
