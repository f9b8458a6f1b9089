// The app shell: connection, kiosk status, the citizen session and its idle timer, and which
// screen shows. Ending a session reloads the renderer, so no state of one citizen can survive
// into the next citizen's session.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { ApiClient, ConnectionState } from '../../src-common/api/client';
import type { KioskStatus, ServiceEntry } from '../../src-common/api/kiosk';
import type { SessionInfo } from '../../src-common/api/session';
import { Header } from '../components/Header';
import { createI18n, type Language } from '../i18n';
import { HomeScreen } from '../screens/HomeScreen';
import { AttractScreen, IdleWarning, OutOfService, Recovering } from '../screens/Overlays';
import { DeveloperPanel } from './DeveloperPanel';
import { KioskContext, type KioskContextValue } from './KioskContext';
import { JOURNEYS } from './journeys';
import { beep } from './sound';
import { useIdleTimer } from './useIdleTimer';

type Screen =
  | { readonly kind: 'attract' } // waiting for a citizen
  | { readonly kind: 'home' } // the service entries
  | { readonly kind: 'journey'; readonly service: ServiceEntry } // one citizen journey
  | { readonly kind: 'diagnostics' }; // a technician, after the hidden corner gesture

const DiagnosticsScreen = lazy(() => import('../screens/DiagnosticsScreen'));

/** The hidden gesture: this many taps on the top-right corner of the attract screen, quickly. */
const MAINTENANCE_TAPS = 5;
const MAINTENANCE_WINDOW_MS = 3000;

/** Session.Touch is sent at most this often: the core's backstop expiry only needs a heartbeat. */
const TOUCH_THROTTLE_MS = 5000;

export function App(props: { readonly client: ApiClient; readonly reload: () => void }) {
  const { client } = props;
  const [connection, setConnection] = useState<ConnectionState>(client.connectionState);
  const [everOpen, setEverOpen] = useState(false);
  const [status, setStatus] = useState<KioskStatus | undefined>();
  const [screen, setScreen] = useState<Screen>({ kind: 'attract' });
  const [session, setSession] = useState<SessionInfo | undefined>();
  const [language, setLanguageState] = useState<Language>('zh-CN');
  const [elderly, setElderly] = useState(false);
  /** A touch on the attract screen painted before the first status: honoured once it arrives. */
  const [startRequested, setStartRequested] = useState(false);
  const i18n = useMemo(() => createI18n(language), []);
  const lastTouchSent = useRef(0);
  const cornerTaps = useRef<number[]>([]);
  const sessionRef = useRef<SessionInfo | undefined>(undefined);
  sessionRef.current = session;

  const refreshStatus = useCallback(async () => {
    const result = await client.call('Kiosk.Status', {});
    if (result.ok) {
      setStatus(result.value);
      setLanguageState((l) => (sessionRef.current ? l : result.value.ui.defaultLanguage));
    }
  }, [client]);

  useEffect(() => {
    const offState = client.onConnectionState((state) => {
      setConnection(state);
      if (state === 'open') {
        setEverOpen(true);
        void refreshStatus();
      }
    });
    const offCaps = client.on('Kiosk.CapabilitiesChanged', (capabilities) => setStatus((s) => (s ? { ...s, capabilities } : s)));
    const offEnded = client.on('Session.Ended', () => props.reload());
    // The socket may have opened before this effect subscribed: take its state as it is now.
    setConnection(client.connectionState);
    if (client.connectionState === 'open') {
      setEverOpen(true);
      void refreshStatus();
    }
    return () => {
      offState();
      offCaps();
      offEnded();
    };
  }, [client, refreshStatus, props]);

  useEffect(() => {
    void i18n.changeLanguage(language);
    document.documentElement.lang = language;
  }, [i18n, language]);

  useEffect(() => {
    document.documentElement.classList.toggle('elderly', elderly);
  }, [elderly]);

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
    setSession(result.value);
    return result.value;
  }, [client, language, elderly]);

  useEffect(() => {
    if (startRequested && status && screen.kind === 'attract') {
      setStartRequested(false);
      void ensureSession();
      setScreen({ kind: 'home' });
    }
  }, [startRequested, status, screen.kind, ensureSession]);

  const endSession = useCallback(
    async (reason: 'completed' | 'exit' | 'idleTimeout') => {
      await client.call('Session.End', { reason });
      props.reload();
    },
    [client, props],
  );

  const factor = elderly ? (status?.ui.elderlyTimeoutFactor ?? 2) : 1;
  const idle = useIdleTimer({
    enabled: screen.kind !== 'attract' && screen.kind !== 'diagnostics' && connection === 'open',
    warnAfterMs: (status?.ui.idleWarningSeconds ?? 60) * 1000 * factor,
    countdownMs: (status?.ui.idleCountdownSeconds ?? 20) * 1000 * factor,
    onTimeout: () => void endSession('idleTimeout'),
    onWarningTick: () => beep(),
  });

  const onActivity = useCallback(() => {
    idle.activity();
    if (sessionRef.current && Date.now() - lastTouchSent.current > TOUCH_THROTTLE_MS) {
      lastTouchSent.current = Date.now();
      void client.call('Session.Touch', {});
    }
  }, [client, idle]);

  const context: KioskContextValue | undefined = status && {
    client,
    status,
    session,
    language,
    elderly,
    setLanguage: setLanguageState,
    setElderly,
    ensureSession,
    endSession,
    goHome: () => setScreen({ kind: 'home' }),
  };

  let body: React.ReactNode = null;
  if (!context) {
    body = null;
  } else if (context.status.capabilities.outOfService) {
    body = <OutOfService />;
  } else if (screen.kind === 'attract') {
    body = (
      <AttractScreen
        onStart={() => {
          void ensureSession();
          setScreen({ kind: 'home' });
        }}
      />
    );
  } else if (screen.kind === 'diagnostics') {
    body = (
      <Suspense fallback={<div className="loading" />}>
        <DiagnosticsScreen onLeave={props.reload} />
      </Suspense>
    );
  } else if (screen.kind === 'home') {
    body = <HomeScreen onOpen={(service) => setScreen({ kind: 'journey', service })} />;
  } else {
    const Journey = JOURNEYS[screen.service];
    body = Journey ? (
      <Suspense fallback={<div className="loading" />}>
        <Journey onExit={() => setScreen({ kind: 'home' })} />
      </Suspense>
    ) : null;
  }

  return (
    <I18nextProvider i18n={i18n}>
      <div className="app" onPointerDown={onActivity} onKeyDown={onActivity}>
        {context && (
          <KioskContext.Provider value={context}>
            {screen.kind !== 'attract' && screen.kind !== 'diagnostics' && !context.status.capabilities.outOfService && <Header showExit={Boolean(session)} />}
            {body}
            {context.status.ui.developerPanel && screen.kind !== 'diagnostics' && <DeveloperPanel />}
            {screen.kind === 'attract' && !context.status.capabilities.outOfService && (
              <button
                type="button"
                className="maintenance-corner"
                aria-label="维护入口 Maintenance"
                data-testid="maintenance-corner"
                onClick={() => {
                  const now = Date.now();
                  cornerTaps.current = [...cornerTaps.current.filter((t) => now - t < MAINTENANCE_WINDOW_MS), now];
                  if (cornerTaps.current.length >= MAINTENANCE_TAPS) {
                    cornerTaps.current = [];
                    setScreen({ kind: 'diagnostics' });
                  }
                }}
              />
            )}
            {idle.phase.kind === 'warning' && (
              <IdleWarning secondsLeft={idle.phase.secondsLeft} onMoreTime={idle.moreTime} onExit={() => void endSession('exit')} />
            )}
          </KioskContext.Provider>
        )}
        {everOpen && connection !== 'open' && <Recovering />}
        {/* The attract screen needs nothing from the core: it paints before the first status arrives. */}
        {!context && <AttractScreen onStart={() => setStartRequested(true)} />}
      </div>
    </I18nextProvider>
  );
}
