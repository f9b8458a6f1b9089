// Struggle detection (#16 item 15) as pure logic with an injected clock: each signal at its
// threshold and not before, dwell stretched in 长辈模式, help offered once per session, and never
// while money is in flight or the card is being read.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STRUGGLE_POLICY,
  INITIAL_STRUGGLE_STATE,
  nextDeadline,
  struggleReducer,
  type StepPlace,
  type StruggleDetector,
  type StruggleEvent,
  type StruggleOutcome,
  type StruggleState,
} from '../../../src-renderer/help/struggleDetector';

const detector: StruggleDetector = { policy: DEFAULT_STRUGGLE_POLICY, elderlyFactor: 2 };
const QUERY: StepPlace = { service: 'query', step: 'query-enter' };

/** Runs events in order, collecting every signal and every offer. */
function run(events: readonly StruggleEvent[], from: StruggleState = INITIAL_STRUGGLE_STATE) {
  let state = from;
  const signals: StruggleOutcome['signals'][number][] = [];
  let offers = 0;
  for (const event of events) {
    const outcome = struggleReducer(detector, state, event);
    state = outcome.state;
    signals.push(...outcome.signals);
    if (outcome.offerNow) offers++;
  }
  return { state, signals, offers };
}

const enter = (place: StepPlace, at: number): StruggleEvent => ({ type: 'stepEntered', place, at });
const failed = (at: number): StruggleEvent => ({ type: 'validationFailed', at });

describe('struggleDetector: repeated validation errors', () => {
  it('two refused submissions are not a struggle; the third is, and help is offered', () => {
    const two = run([enter(QUERY, 0), failed(1000), failed(2000)]);
    expect(two.signals).toEqual([]);
    expect(two.offers).toBe(0);
    const three = run([failed(3000)], two.state);
    expect(three.signals).toEqual([{ ...QUERY, signal: 'validationErrors' }]);
    expect(three.offers).toBe(1);
    expect(three.state.offer).toBe('showing');
  });

  it('errors are counted per step: a new step starts from zero', () => {
    const form: StepPlace = { service: 'apply', step: 'form' };
    const out = run([enter(form, 0), failed(1), failed(2), enter({ service: 'apply', step: 'materials' }, 3), failed(4), failed(5)]);
    expect(out.signals).toEqual([]);
  });
});

describe('struggleDetector: help is offered once per session', () => {
  it('a second signal after the offer is counted but offers nothing', () => {
    const first = run([enter(QUERY, 0), failed(1), failed(2), failed(3), { type: 'offerClosed' }]);
    expect(first.offers).toBe(1);
    const later = run([{ type: 'idleWarned', at: 10 }, { type: 'idleWarned', at: 20 }], first.state);
    expect(later.signals).toEqual([{ ...QUERY, signal: 'idleWarnings' }]);
    expect(later.offers).toBe(0);
  });

  it('after the citizen called for help themselves, nothing is offered', () => {
    const out = run([enter(QUERY, 0), { type: 'helpRequested' }, failed(1), failed(2), failed(3)]);
    expect(out.signals).toHaveLength(1);
    expect(out.offers).toBe(0);
  });

  it('the same signal on the same step is counted once', () => {
    const out = run([enter(QUERY, 0), failed(1), failed(2), failed(3), failed(4), failed(5)]);
    expect(out.signals).toHaveLength(1);
  });
});

describe('struggleDetector: never while money is in flight or the card is being read', () => {
  it('a signal during a held payment waits, and the offer comes when the payment ends', () => {
    const pay: StepPlace = { service: 'pay', step: 'pay-confirm' };
    const busy = run([enter(pay, 0), { type: 'busyChanged', busy: true, at: 1 }, { type: 'idleWarned', at: 2 }, { type: 'idleWarned', at: 3 }]);
    expect(busy.signals).toEqual([{ ...pay, signal: 'idleWarnings' }]);
    expect(busy.offers).toBe(0);
    expect(busy.state.offer).toBe('waiting');
    const freed = run([{ type: 'busyChanged', busy: false, at: 4 }], busy.state);
    expect(freed.offers).toBe(1);
  });

  it('on the card step or the cash and QR screens the offer waits for the next step', () => {
    for (const step of ['identify', 'pay-cash', 'pay-qr-displayed']) {
      const quiet = run([enter({ service: 'pay', step }, 0), { type: 'tick', at: 60 * 60_000 }]);
      expect(quiet.signals.map((s) => s.signal)).toEqual(['longDwell']);
      expect(quiet.offers).toBe(0);
      const after = run([enter({ service: 'pay', step: 'pay-result' }, 60 * 60_000 + 1)], quiet.state);
      expect(after.offers).toBe(1);
    }
  });
});

describe('struggleDetector: long dwell', () => {
  it('a tick before the step limit is nothing; at the limit it is a long dwell', () => {
    const entered = run([enter(QUERY, 1000)]);
    const limit = DEFAULT_STRUGGLE_POLICY.dwellMs('query-enter');
    expect(nextDeadline(detector, entered.state)).toBe(1000 + limit);
    expect(run([{ type: 'tick', at: 1000 + limit - 1 }], entered.state).signals).toEqual([]);
    const due = run([{ type: 'tick', at: 1000 + limit }], entered.state);
    expect(due.signals).toEqual([{ ...QUERY, signal: 'longDwell' }]);
    expect(nextDeadline(detector, due.state)).toBeUndefined();
  });

  it('forms get longer than choices, and 长辈模式 stretches every limit by its factor', () => {
    expect(DEFAULT_STRUGGLE_POLICY.dwellMs('form')).toBeGreaterThan(DEFAULT_STRUGGLE_POLICY.dwellMs('query-enter'));
    const limit = DEFAULT_STRUGGLE_POLICY.dwellMs('form');
    const elderly = run([{ type: 'elderlyChanged', elderly: true, at: 0 }, enter({ service: 'apply', step: 'form' }, 0)]);
    expect(nextDeadline(detector, elderly.state)).toBe(2 * limit);
    expect(run([{ type: 'tick', at: limit }], elderly.state).signals).toEqual([]);
    expect(run([{ type: 'tick', at: 2 * limit }], elderly.state).signals.map((s) => s.signal)).toEqual(['longDwell']);
  });

  it('leaving the step before its limit resets the dwell clock', () => {
    const limit = DEFAULT_STRUGGLE_POLICY.dwellMs('query-enter');
    const out = run([enter(QUERY, 0), enter({ service: 'query', step: 'query-found' }, limit - 10), enter(QUERY, limit - 5), { type: 'tick', at: limit + 10 }]);
    expect(out.signals).toEqual([]);
  });
});

describe('struggleDetector: back and forth', () => {
  const guide: StepPlace = { service: 'apply', step: 'guide' };
  const consent: StepPlace = { service: 'apply', step: 'consent' };
  const back = (at: number): StruggleEvent => ({ type: 'backTapped', at });

  it('three 返回 between the same two steps are a struggle; two are not', () => {
    const events: StruggleEvent[] = [enter(guide, 0)];
    for (let i = 0; i < 3; i++) events.push(enter(consent, 10 * i + 1), back(10 * i + 2), enter(guide, 10 * i + 3));
    const two = run(events.slice(0, 7));
    expect(two.signals).toEqual([]);
    const three = run(events);
    expect(three.signals).toEqual([{ service: 'apply', step: 'consent', signal: 'backAndForth' }]);
    expect(three.offers).toBe(1);
  });

  it('返回 between different pairs of steps do not add up', () => {
    const form: StepPlace = { service: 'apply', step: 'form' };
    const out = run([enter(guide, 0), enter(consent, 1), back(2), enter(guide, 3), enter(consent, 4), enter(form, 5), back(6), enter(consent, 7), enter(form, 8), back(9), enter(consent, 10)]);
    expect(out.state.backs).toEqual({ 'consent|guide': 1, 'consent|form': 2 });
    expect(out.signals).toEqual([]);
  });
});

describe('struggleDetector: idle warnings', () => {
  it('the second idle warning of a session is a struggle, counted once', () => {
    const one = run([enter(QUERY, 0), { type: 'idleWarned', at: 1 }]);
    expect(one.signals).toEqual([]);
    const more = run([{ type: 'idleWarned', at: 2 }, { type: 'idleWarned', at: 3 }], one.state);
    expect(more.signals).toEqual([{ ...QUERY, signal: 'idleWarnings' }]);
  });
});
