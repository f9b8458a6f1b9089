// Which screen the app shell shows, as a pure reducer (issue #15 item 9): the attract screen, home,
// one journey, the technician's diagnostics, or the end of a session ("请取走身份证" when a card
// was read, then the clean reload). Also whose session it is (the masked name of the card read),
// the hidden maintenance gesture, and the confirmation before ending a session with money in flight.
// Availability (docs/ui.md "Availability"): out of hours or in maintenance mode, the closed or the
// maintenance screen takes the attract screen's place; a session in progress may always finish.
import type { KioskAvailability, ServiceEntry } from '../../src-common/api/kiosk';

export type AppScreen =
  | { readonly kind: 'attract' } // waiting for a citizen
  | { readonly kind: 'home' } // the service entries
  | { readonly kind: 'journey'; readonly service: ServiceEntry; readonly visit: number } // one citizen journey; `visit` remounts it on reopening
  | { readonly kind: 'diagnostics' } // a technician, after the hidden corner gesture
  | { readonly kind: 'ending'; readonly remindCard: boolean }; // the session is over; remind to take the ID card, then reload clean

export interface AppState {
  readonly screen: AppScreen;
  /** A touch on the attract screen painted before the first status arrived: honoured once it does. */
  readonly startRequested: boolean;
  /** Times of recent taps on the hidden maintenance corner. */
  readonly cornerTaps: readonly number[];
  /** "结束办理" was tapped while money was in flight: the citizen confirms first. */
  readonly confirmingExit: boolean;
  /** The masked name of whoever's ID card was read in this session (shown in the header). */
  readonly holder?: string;
  readonly visits: number;
}

export type AppEvent =
  | { readonly type: 'attractTouched'; readonly statusKnown: boolean }
  | { readonly type: 'statusArrived'; readonly open: boolean } // `open`: citizens may start a session now
  | { readonly type: 'availabilityClosed'; readonly hasSession: boolean } // the kiosk closed or went into maintenance
  | { readonly type: 'serviceOpened'; readonly service: ServiceEntry }
  | { readonly type: 'homeRequested' }
  | { readonly type: 'cornerTapped'; readonly at: number }
  | { readonly type: 'exitRequested'; readonly moneyInFlight: boolean }
  | { readonly type: 'exitDismissed' }
  | { readonly type: 'sessionEnding' }
  | { readonly type: 'cardRead'; readonly maskedName: string };

/** The hidden gesture: this many taps on the top-right corner of the attract screen, quickly. */
export const MAINTENANCE_TAPS = 5;
export const MAINTENANCE_WINDOW_MS = 3000;

export const INITIAL_APP_STATE: AppState = { screen: { kind: 'attract' }, startRequested: false, cornerTaps: [], confirmingExit: false, visits: 0 };

export function appReducer(state: AppState, event: AppEvent): AppState {
  const ending = state.screen.kind === 'ending';
  switch (event.type) {
    case 'attractTouched':
      if (state.screen.kind !== 'attract') return state;
      return event.statusKnown ? { ...state, screen: { kind: 'home' }, startRequested: false } : { ...state, startRequested: true };
    case 'statusArrived':
      if (!state.startRequested || state.screen.kind !== 'attract') return state;
      // A touch before the status of a closed kiosk does not open home: the closed screen answers it.
      return { ...state, screen: event.open ? { kind: 'home' } : { kind: 'attract' }, startRequested: false };
    case 'availabilityClosed':
      // Home without a session (its Session.Start was refused) goes back to where the closed screen shows.
      return state.screen.kind === 'home' && !event.hasSession ? { ...state, screen: { kind: 'attract' }, startRequested: false } : state;
    case 'serviceOpened':
      if (state.screen.kind !== 'home') return state;
      return { ...state, screen: { kind: 'journey', service: event.service, visit: state.visits + 1 }, visits: state.visits + 1 };
    case 'homeRequested':
      return state.screen.kind === 'journey' ? { ...state, screen: { kind: 'home' } } : state;
    case 'cornerTapped': {
      if (state.screen.kind !== 'attract') return state;
      const taps = [...state.cornerTaps.filter((t) => event.at - t < MAINTENANCE_WINDOW_MS), event.at];
      return taps.length >= MAINTENANCE_TAPS ? { ...state, screen: { kind: 'diagnostics' }, cornerTaps: [] } : { ...state, cornerTaps: taps };
    }
    case 'exitRequested':
      // Without money in flight the shell ends the session at once (sessionEnding follows).
      return event.moneyInFlight && !ending ? { ...state, confirmingExit: true } : state;
    case 'exitDismissed':
      return { ...state, confirmingExit: false };
    case 'sessionEnding':
      return ending ? state : { ...state, screen: { kind: 'ending', remindCard: state.holder !== undefined }, confirmingExit: false };
    case 'cardRead':
      return ending ? state : { ...state, holder: event.maskedName };
  }
}

/** Not open: out of hours or in maintenance mode, with what to tell the citizen. */
export type Unavailable = Exclude<KioskAvailability, { readonly state: 'open' }>;

/**
 * The availability screen that takes the attract screen's place, if any. Only the attract screen is
 * replaced: a citizen in a session may finish it (the core refuses new sessions only), and the
 * technician's diagnostics stay reachable (the hidden corner stays on the availability screens).
 */
export function availabilityScreenFor(availability: KioskAvailability | undefined, screen: AppScreen): Unavailable | undefined {
  if (!availability || availability.state === 'open' || screen.kind !== 'attract') return undefined;
  return availability;
}

/** How long before closing time the attract and home screens say the kiosk is closing soon. */
export const CLOSING_SOON_MS = 30 * 60_000;

/**
 * When the open kiosk stops taking new sessions, if that is within CLOSING_SOON_MS of `nowMs` (a
 * citizen should not start a long application at 20:55 unwarned); undefined otherwise.
 */
export function closingSoonAt(availability: KioskAvailability | undefined, nowMs: number): string | undefined {
  if (availability?.state !== 'open' || availability.closesAt === null) return undefined;
  const left = Date.parse(availability.closesAt) - nowMs;
  return left > 0 && left <= CLOSING_SOON_MS ? availability.closesAt : undefined;
}

/**
 * `Kiosk.ReloadRequested` (remote command `reloadScreen`): reload at once when nobody is using the
 * kiosk. In a session, or in diagnostics, nothing is needed: leaving either reloads clean anyway.
 */
export function reloadsAtOnce(screen: AppScreen): boolean {
  return screen.kind === 'attract';
}
