// The app shell: connection, kiosk status, the citizen session and its idle timer, and which
// screen shows (appMachine.ts). Ending a session reloads the renderer, so no state of one citizen
// can survive into the next citizen's session.
import { lazy, Suspense, useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { ApiClient, ConnectionState } from '../../src-common/api/client';
import type { KioskStatus } from '../../src-common/api/kiosk';
import type { SessionInfo } from '../../src-common/api/session';
import { maskName } from '../../src-common/privacy/redact';
import { Header } from '../components/Header';
import { HelpHost } from '../help/HelpHost';
import { createI18n, type Language } from '../i18n';
import { HomeScreen } from '../screens/HomeScreen';
import { AnnouncementBanner, ClosedScreen, ClosingSoonBanner, MaintenanceScreen } from '../screens/AvailabilityScreens';
import { AttractScreen, EndingScreen, ExitConfirmation, IdleWarning, OutOfService, Recovering } from '../screens/Overlays';
import { appReducer, availabilityScreenFor, INITIAL_APP_STATE, reloadsAtOnce } from './appMachine';
import { DeveloperPanel } from './DeveloperPanel';
import { KioskContext, type CitizenEndReason, type KioskContextValue } from './KioskContext';
import { JOURNEYS } from './journeys';
import { SessionActivity } from './sessionActivity';
import { beep } from './sound';
import { trackedClient } from './trackedClient';
import { useIdleTimer } from './useIdleTimer';
import { ShellProviders } from './VoiceContext';

const DiagnosticsScreen = lazy(() => import('../screens/DiagnosticsScreen'));

/** Session.Touch is sent at most this often: the core's backstop expiry only needs a heartbeat. */
const TOUCH_THROTTLE_MS = 5000;

export function App(props: { readonly client: ApiClient; readonly reload: () => void }) {
  const { client, reload } = props;
  const [connection, setConnection] = useState<ConnectionState>(client.connectionState);
  const [everOpen, setEverOpen] = useState(false);
  const [status, setStatus] = useState<KioskStatus | undefined>();
  const [state, dispatch] = useReducer(appReducer, INITIAL_APP_STATE);
  const [session, setSession] = useState<SessionInfo | undefined>();
  const [language, setLanguageState] = useState<Language>('zh-CN');
  const [elderly, setElderly] = useState(false);
  const i18n = useMemo(() => createI18n('zh-CN'), []);
  const activity = useMemo(() => new SessionActivity(), []);
  const kioskClient = useMemo(() => trackedClient(client, activity), [client, activity]);
  const lastTouchSent = useRef(0);
  const sessionRef = useRef<SessionInfo | undefined>(undefined);
  sessionRef.current = session;
  const screen = state.screen;
  const endingRef = useRef(false);
  endingRef.current = screen.kind === 'ending';
  const screenRef = useRef(screen);
  screenRef.current = screen;

  const refreshStatus = useCallback(async () => {
    const result = await client.call('Kiosk.Status', {});
    if (result.ok) {
      setStatus(result.value);
      setLanguageState((l) => (sessionRef.current ? l : result.value.ui.defaultLanguage));
      // 长辈模式 can be the kiosk's default (config ui.elderlyModeDefault, e.g. a village machine): #16 item 13.
      setElderly((e) => (sessionRef.current ? e : Boolean(result.value.ui.elderlyModeDefault)));
      dispatch({ type: 'statusArrived', open: (result.value.availability?.state ?? 'open') === 'open' });
    }
  }, [client]);

  useEffect(() => {
    const offState = client.onConnectionState((next) => {
      setConnection(next);
      if (next === 'open') {
        setEverOpen(true);
        void refreshStatus();
      }
    });
    const offCaps = client.on('Kiosk.CapabilitiesChanged', (capabilities) => setStatus((s) => (s ? { ...s, capabilities } : s)));
    // Opening hours and maintenance mode change the screen as they happen, without a reload.
    const offAvailability = client.on('Kiosk.AvailabilityChanged', (availability) => {
      setStatus((s) => (s ? { ...s, availability } : s));
      if (availability.state !== 'open') dispatch({ type: 'availabilityClosed', hasSession: sessionRef.current !== undefined });
    });
    // An admin's reloadScreen: at once when nobody uses the kiosk; a session or diagnostics reload when they end.
    const offReload = client.on('Kiosk.ReloadRequested', () => reloadsAtOnce(screenRef.current) && reload());
    // The core ended the session (its idle backstop, a shutdown): reload clean. When the shell itself
    // is ending it (the "请取走身份证" reminder is up), the reload follows the reminder instead.
    const offEnded = client.on('Session.Ended', () => endingRef.current || reload());
    // The socket may have opened before this effect subscribed: take its state as it is now.
    setConnection(client.connectionState);
    if (client.connectionState === 'open') {
      setEverOpen(true);
      void refreshStatus();
    }
    return () => {
      offState();
      offCaps();
      offAvailability();
      offReload();
      offEnded();
    };
  }, [client, refreshStatus, reload]);

  useEffect(() => {
    void i18n.changeLanguage(language);
    document.documentElement.lang = language;
  }, [i18n, language]);

  useEffect(() => {
    document.documentElement.classList.toggle('elderly', elderly);
  }, [elderly]);

  useEffect(() => {
    document.documentElement.classList.toggle('demo', Boolean(status?.ui.developerPanel));
  }, [status?.ui.developerPanel]);

  // Touch rules (design.md §8): no context menu, no multi-finger gestures.
  useEffect(() => {
    const prevent = (e: Event) => e.preventDefault();
    const preventMulti = (e: TouchEvent) => e.touches.length > 1 && e.preventDefault();
    document.addEventListener('contextmenu', prevent);
    document.addEventListener('touchstart', preventMulti, { passive: false });
    document.addEventListener('gesturestart', prevent);
    return () => {
      document.removeEventListener('contextmenu', prevent);
      document.removeEventListener('touchstart', preventMulti);
      document.removeEventListener('gesturestart', prevent);
    };
  }, []);

  const ensureSession = useCallback(async () => {
    if (sessionRef.current) return sessionRef.current;
    const result = await client.call('Session.Start', { language, elderlyMode: elderly });
    if (!result.ok) return undefined;
    sessionRef.current = result.value;
    setSession(result.value);
    return result.value;
  }, [client, language, elderly]);

  // The session starts with the first touch (the home screen appearing).
  useEffect(() => {
    if (screen.kind === 'home') void ensureSession();
  }, [screen.kind, ensureSession]);

  const endReason = useRef<CitizenEndReason>('exit');
  const endWith = useCallback((reason: CitizenEndReason) => {
    endReason.current = reason;
    dispatch({ type: 'sessionEnding' });
  }, []);

  // The end of a session: the core wipes its PII first; then "请取走身份证" (when a card was read), then a clean reload.
  const remindCard = screen.kind === 'ending' && screen.remindCard;
  useEffect(() => {
    if (screen.kind !== 'ending') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    void client.call('Session.End', { reason: endReason.current }).then(() => {
      if (!remindCard) reload();
      else timer = setTimeout(reload, (status?.ui.removeCardReminderSeconds ?? 1) * 1000);
    });
    return () => clearTimeout(timer);
  }, [screen.kind, remindCard, client, reload, status?.ui.removeCardReminderSeconds]);

  const requestExit = useCallback(() => {
    const moneyInFlight = activity.heldCommands().some((h) => h.method === 'Fee.PayCash' || h.method === 'Cash.Start' || h.method.startsWith('Qr.'));
    dispatch({ type: 'exitRequested', moneyInFlight });
    if (!moneyInFlight) endWith('exit');
  }, [activity, endWith]);

  const timed = (screen.kind === 'home' || screen.kind === 'journey') && connection === 'open';
  const factor = elderly ? (status?.ui.elderlyTimeoutFactor ?? 1) : 1;
  const idle = useIdleTimer({
    enabled: timed && Boolean(status),
    activity,
    warnAfterMs: (status?.ui.idleWarningSeconds ?? 1) * 1000 * factor,
    countdownMs: (status?.ui.idleCountdownSeconds ?? 1) * 1000 * factor,
    onTimeout: () => endWith('idleTimeout'),
    onWarningStarted: () => beep(),
  });

  const onActivity = useCallback(() => {
    // During the warning only "我还需要时间" (or a device event) counts: a stray tap on the dimmed screen does not.
    if (idle.kind === 'warning') return;
    activity.touch();
    if (sessionRef.current && Date.now() - lastTouchSent.current > TOUCH_THROTTLE_MS) {
      lastTouchSent.current = Date.now();
      void client.call('Session.Touch', {});
    }
  }, [client, activity, idle.kind]);

  const context: KioskContextValue | undefined = status && {
    client: kioskClient,
    status,
    session,
    language,
    elderly,
    holder: state.holder,
    setLanguage: setLanguageState,
    setElderly,
    ensureSession,
    endSession: endWith,
    requestExit,
    cardRead: (name) => dispatch({ type: 'cardRead', maskedName: maskName(name) }),
    goHome: () => dispatch({ type: 'homeRequested' }),
  };

  const outOfService = Boolean(context?.status.capabilities.outOfService);
  const unavailable = availabilityScreenFor(context?.status.availability, screen);
  let body: React.ReactNode = null;
  if (!context) {
    body = null;
  } else if (screen.kind === 'ending') {
    body = <EndingScreen remindCard={screen.remindCard} onTaken={reload} />;
  } else if (unavailable?.state === 'maintenance') {
    // Before the device-fault screen: maintenance mode says why in the admin's words.
    body = <MaintenanceScreen maintenance={unavailable} />;
  } else if (unavailable?.state === 'closed') {
    body = <ClosedScreen closed={unavailable} />;
  } else if (outOfService) {
    body = <OutOfService />;
  } else if (screen.kind === 'attract') {
    body = <AttractScreen onStart={() => dispatch({ type: 'attractTouched', statusKnown: true })} />;
  } else if (screen.kind === 'diagnostics') {
    body = (
      <Suspense fallback={<div className="loading" />}>
        <DiagnosticsScreen onLeave={reload} />
      </Suspense>
    );
  } else if (screen.kind === 'home') {
    body = <HomeScreen onOpen={(service) => dispatch({ type: 'serviceOpened', service })} />;
  } else {
    const Journey = JOURNEYS[screen.service];
    body = Journey ? (
      <Suspense fallback={<div className="loading" />}>
        <Journey key={screen.visit} onExit={() => dispatch({ type: 'homeRequested' })} />
      </Suspense>
    ) : null;
  }

  const citizenScreen = screen.kind === 'home' || screen.kind === 'journey';
  const announcement = context?.status.ui.announcement;
  return (
    <ShellProviders i18n={i18n} language={language} elderly={elderly}>
      <div className="app" onPointerDown={onActivity} onKeyDown={onActivity}>
        {context && (
          <KioskContext.Provider value={context}>
            <HelpHost service={screen.kind === 'journey' ? screen.service : 'home'} idleWarning={idle.kind === 'warning'} activity={activity} enabled={citizenScreen && !outOfService && !unavailable}>
              <div className="app__screen">
                {citizenScreen && !outOfService && <Header showExit={Boolean(session)} />}
                {announcement && (screen.kind === 'attract' || screen.kind === 'home') && !outOfService && <AnnouncementBanner text={announcement} />}
                {(screen.kind === 'attract' || screen.kind === 'home') && !outOfService && <ClosingSoonBanner availability={context.status.availability} />}
                {body}
              </div>
            </HelpHost>
            {context.status.ui.developerPanel && screen.kind !== 'diagnostics' && <DeveloperPanel />}
            {screen.kind === 'attract' && (!outOfService || unavailable) && (
              <button
                type="button"
                className="maintenance-corner"
                aria-hidden="true"
                tabIndex={-1}
                data-testid="maintenance-corner"
                onClick={() => dispatch({ type: 'cornerTapped', at: Date.now() })}
              />
            )}
            {citizenScreen && idle.kind === 'warning' && <IdleWarning secondsLeft={idle.secondsLeft} onMoreTime={() => activity.touch()} onExit={() => endWith('exit')} />}
            {state.confirmingExit && (
              <ExitConfirmation held={activity.heldCommands()} onStay={() => dispatch({ type: 'exitDismissed' })} onExit={() => endWith('exit')} />
            )}
          </KioskContext.Provider>
        )}
        {everOpen && connection !== 'open' && <Recovering />}
        {/* The attract screen needs nothing from the core: it paints before the first status arrives. */}
        {!context && <AttractScreen onStart={() => dispatch({ type: 'attractTouched', statusKnown: false })} />}
      </div>
    </ShellProviders>
  );
}
