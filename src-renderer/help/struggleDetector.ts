// Struggle detection (#16 item 15, docs/ui.md "Help and struggle detection"), pure: what the
// citizen did (steps entered, refused submissions, 返回, idle warnings, the clock) goes in; the
// signals to count and whether to offer help come out. It offers help at most once per session,
// and never while money is in flight or the card is being read: an offer found then waits.
import type { StruggleSignal } from '../../src-common/wire/helpWire';

/** Thresholds of the detector; `DEFAULT_STRUGGLE_POLICY` holds the shipped ones. */
export interface StrugglePolicy {
  /** How long on one step counts as a long dwell, by step key (before the 长辈模式 stretch). */
  readonly dwellMs: (step: string) => number;
  /** Refused submissions of one step that count as struggling. */
  readonly validationErrors: number;
  /** 返回 between the same two steps (either way) that count as going back and forth. */
  readonly backAndForth: number;
  /** Idle warnings in one session that count as struggling. */
  readonly idleWarnings: number;
}

/** Long dwell limits by step: reading a guide or filling a form takes long by nature; a choice does not. */
const DWELL_BY_STEP: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(form|materials|signature)/, 6 * 60_000], // typing, photographing, signing
  [/^(guide|review|browse)/, 4 * 60_000], // reading
  [/^(consent)/, 3 * 60_000],
];
const DEFAULT_DWELL_MS = 3 * 60_000;

export const DEFAULT_STRUGGLE_POLICY: StrugglePolicy = {
  dwellMs: (step) => DWELL_BY_STEP.find(([pattern]) => pattern.test(step))?.[1] ?? DEFAULT_DWELL_MS,
  validationErrors: 3,
  backAndForth: 3,
  idleWarnings: 2,
};

/**
 * Steps during which help is never offered (an offer found then waits for the next step): the ID
 * card being read, and cash or QR money in flight. Commands that hold the session (a payment, a
 * submission, a print) are told separately (`busyChanged`).
 */
export const QUIET_STEPS: ReadonlyArray<RegExp> = [/^identify$/, /^pay-cash/, /^pay-qr/];

export function isQuietStep(step: string): boolean {
  return QUIET_STEPS.some((pattern) => pattern.test(step));
}

/** Where the citizen is: a home-screen service (or `home`) and the step key of its frame. */
export interface StepPlace {
  readonly service: string;
  readonly step: string;
}

/** Whether help has been offered in this session. */
export type OfferState =
  // nothing noticed yet
  | 'none'
  // a signal was noticed while the kiosk was busy: offer once it is not
  | 'waiting'
  // the dialog is up
  | 'showing'
  // offered (or the citizen asked for help themselves): never again in this session
  | 'done';

export interface StruggleState {
  readonly place: StepPlace | undefined;
  /** When the current step was entered (ms, the injected clock's). */
  readonly enteredAt: number;
  /** Refused submissions of the current step. */
  readonly errorsOnStep: number;
  /** The step a 返回 was tapped on, until the next step is entered. */
  readonly backFrom: string | undefined;
  /** 返回 per unordered pair of steps (`a|b`, sorted). */
  readonly backs: Readonly<Record<string, number>>;
  readonly idleWarnings: number;
  /** Signals already counted in this session, as `service|step|signal` (each counted once per visit or pair). */
  readonly counted: readonly string[];
  readonly elderly: boolean;
  /** A command holding the session (money, a submission, a print) runs. */
  readonly busy: boolean;
  readonly offer: OfferState;
}

export const INITIAL_STRUGGLE_STATE: StruggleState = {
  place: undefined,
  enteredAt: 0,
  errorsOnStep: 0,
  backFrom: undefined,
  backs: {},
  idleWarnings: 0,
  counted: [],
  elderly: false,
  busy: false,
  offer: 'none',
};

export type StruggleEvent =
  // a journey frame showed a step (a new step key, or another service)
  | { readonly type: 'stepEntered'; readonly place: StepPlace; readonly at: number }
  // the step's primary action was tapped and the step stayed, showing an error
  | { readonly type: 'validationFailed'; readonly at: number }
  // 返回 was tapped on the current step
  | { readonly type: 'backTapped'; readonly at: number }
  // the idle warning appeared
  | { readonly type: 'idleWarned'; readonly at: number }
  // time passed (the shell wakes the detector at `nextDeadline`)
  | { readonly type: 'tick'; readonly at: number }
  // 长辈模式 switched: dwell limits stretch by `factor`
  | { readonly type: 'elderlyChanged'; readonly elderly: boolean; readonly at: number }
  // a session-holding command started or ended (or the idle warning came or went)
  | { readonly type: 'busyChanged'; readonly busy: boolean; readonly at: number }
  // the offer dialog was answered (呼叫帮助 or 不用了)
  | { readonly type: 'offerClosed' }
  // the citizen tapped 呼叫帮助 in the header: no offer is needed any more
  | { readonly type: 'helpRequested' };

/** What the shell does after an event: count signals, and show the offer. */
export interface StruggleOutcome {
  readonly state: StruggleState;
  /** Signals noticed by this event, to count (anonymously) at the platform. */
  readonly signals: ReadonlyArray<StepPlace & { readonly signal: StruggleSignal }>;
  /** Show 需要帮助吗? now. */
  readonly offerNow: boolean;
}

export interface StruggleDetector {
  readonly policy: StrugglePolicy;
  /** 长辈模式's stretch of the dwell limits (config `ui.elderlyTimeoutFactor`). */
  readonly elderlyFactor: number;
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function dwellLimit(detector: StruggleDetector, state: StruggleState, step: string): number {
  return detector.policy.dwellMs(step) * (state.elderly ? detector.elderlyFactor : 1);
}

/** When the current step becomes a long dwell (ms), or undefined when nothing is due. */
export function nextDeadline(detector: StruggleDetector, state: StruggleState): number | undefined {
  const place = state.place;
  if (!place || state.counted.includes(`${place.service}|${place.step}|longDwell`)) return undefined;
  return state.enteredAt + dwellLimit(detector, state, place.step);
}

function canOffer(state: StruggleState): boolean {
  return !state.busy && !(state.place && isQuietStep(state.place.step));
}

/** Counts a signal once per key and moves the offer on; the result of one event. */
function withSignal(state: StruggleState, place: StepPlace, signal: StruggleSignal, dedupeKey: string, found: Array<StepPlace & { signal: StruggleSignal }>): StruggleState {
  if (state.counted.includes(dedupeKey)) return state;
  found.push({ ...place, signal });
  return { ...state, counted: [...state.counted, dedupeKey], offer: state.offer === 'none' ? 'waiting' : state.offer };
}

function settle(state: StruggleState, found: Array<StepPlace & { signal: StruggleSignal }>): StruggleOutcome {
  if (state.offer === 'waiting' && canOffer(state)) return { state: { ...state, offer: 'showing' }, signals: found, offerNow: true };
  return { state, signals: found, offerNow: false };
}

function checkDwell(detector: StruggleDetector, state: StruggleState, at: number, found: Array<StepPlace & { signal: StruggleSignal }>): StruggleState {
  const place = state.place;
  if (!place) return state;
  if (at - state.enteredAt < dwellLimit(detector, state, place.step)) return state;
  // Once per step visit: the key carries the time the step was entered.
  return withSignal(state, place, 'longDwell', `${place.service}|${place.step}|longDwell`, found);
}

export function struggleReducer(detector: StruggleDetector, state: StruggleState, event: StruggleEvent): StruggleOutcome {
  const found: Array<StepPlace & { signal: StruggleSignal }> = [];
  switch (event.type) {
    case 'stepEntered': {
      const previous = state.place;
      if (previous && previous.service === event.place.service && previous.step === event.place.step) return settle(checkDwell(detector, state, event.at, found), found);
      let next: StruggleState = { ...state, place: event.place, enteredAt: event.at, errorsOnStep: 0, backFrom: undefined, counted: state.counted.filter((k) => !k.endsWith('|longDwell')) };
      if (state.backFrom !== undefined && previous && previous.service === event.place.service) {
        const key = pairKey(state.backFrom, event.place.step);
        const backs = (state.backs[key] ?? 0) + 1;
        next = { ...next, backs: { ...state.backs, [key]: backs } };
        if (backs >= detector.policy.backAndForth) next = withSignal(next, { service: event.place.service, step: state.backFrom }, 'backAndForth', `${event.place.service}|${key}|backAndForth`, found);
      }
      return settle(next, found);
    }
    case 'validationFailed': {
      const place = state.place;
      if (!place) return settle(state, found);
      let next: StruggleState = { ...state, errorsOnStep: state.errorsOnStep + 1 };
      if (next.errorsOnStep >= detector.policy.validationErrors) next = withSignal(next, place, 'validationErrors', `${place.service}|${place.step}|validationErrors`, found);
      return settle(next, found);
    }
    case 'backTapped':
      return settle(state.place ? { ...state, backFrom: state.place.step } : state, found);
    case 'idleWarned': {
      let next: StruggleState = { ...state, idleWarnings: state.idleWarnings + 1 };
      if (next.idleWarnings >= detector.policy.idleWarnings && next.place) next = withSignal(next, next.place, 'idleWarnings', 'session|idleWarnings', found);
      return settle(next, found);
    }
    case 'tick':
      return settle(checkDwell(detector, state, event.at, found), found);
    case 'elderlyChanged':
      return settle(checkDwell(detector, { ...state, elderly: event.elderly }, event.at, found), found);
    case 'busyChanged':
      return settle(checkDwell(detector, { ...state, busy: event.busy }, event.at, found), found);
    case 'offerClosed':
    case 'helpRequested':
      return { state: { ...state, offer: 'done' }, signals: found, offerNow: false };
    default: {
      const never: never = event;
      throw new Error(`unknown struggle event ${JSON.stringify(never)}`);
    }
  }
}
