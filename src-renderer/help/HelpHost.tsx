// The help host (#16 item 15): feeds the struggle detector (struggleDetector.ts) from the journey
// frame, the header, the idle warning, the session's held commands and 长辈模式; counts its signals
// at the core (Help.ReportStruggle, anonymous); shows the 需要帮助吗? offer once per session and the
// help panel. Lives for one session: the renderer reloads clean when a session ends.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useKiosk } from '../app/KioskContext';
import type { SessionActivity } from '../app/sessionActivity';
import { HelpContext, type HelpReports } from './HelpContext';
import { HelpOffer } from './HelpOffer';
import { HelpPanel } from './HelpPanel';
import '../styles/help.css';
import { DEFAULT_STRUGGLE_POLICY, INITIAL_STRUGGLE_STATE, nextDeadline, struggleReducer, type StepPlace, type StruggleDetector, type StruggleEvent } from './struggleDetector';

/** The home screen has no journey frame: it is one step of its own. */
const HOME: StepPlace = { service: 'home', step: 'home' };

export function HelpHost(props: {
  /** The home-screen service on screen, or `home`. */
  readonly service: string;
  /** The idle warning is up. */
  readonly idleWarning: boolean;
  readonly activity: SessionActivity;
  /** Citizen screens only: nothing is detected or shown on the attract, diagnostics or ending screens. */
  readonly enabled: boolean;
  readonly children: ReactNode;
}) {
  const { client, elderly, status } = useKiosk();
  const detector: StruggleDetector = useMemo(() => ({ policy: DEFAULT_STRUGGLE_POLICY, elderlyFactor: status.ui.elderlyTimeoutFactor }), [status.ui.elderlyTimeoutFactor]);
  const state = useRef(INITIAL_STRUGGLE_STATE);
  const [offering, setOffering] = useState(false);
  const [panel, setPanel] = useState<StepPlace | undefined>();
  const [deadline, setDeadline] = useState<number | undefined>();
  const service = useRef(props.service);
  service.current = props.service;
  const enabled = useRef(props.enabled);
  enabled.current = props.enabled;

  const apply = useCallback(
    (event: StruggleEvent) => {
      if (!enabled.current) return;
      const outcome = struggleReducer(detector, state.current, event);
      state.current = outcome.state;
      for (const signal of outcome.signals) void client.call('Help.ReportStruggle', signal);
      if (outcome.offerNow) setOffering(true);
      setDeadline(nextDeadline(detector, outcome.state));
    },
    [client, detector],
  );

  // Busy: a held command (money, a submission, a print), the idle warning, or the help panel itself.
  const panelOpen = panel !== undefined;
  useEffect(() => {
    const report = () => apply({ type: 'busyChanged', busy: props.activity.isHeld || props.idleWarning || panelOpen, at: Date.now() });
    report();
    return props.activity.subscribe(() => {
      if (state.current.busy !== (props.activity.isHeld || props.idleWarning || panelOpen)) report();
    });
  }, [apply, props.activity, props.idleWarning, panelOpen, props.enabled]);

  useEffect(() => {
    if (props.idleWarning) apply({ type: 'idleWarned', at: Date.now() });
  }, [apply, props.idleWarning]);

  // Told again when the host turns on: a kiosk whose sessions start in 长辈模式 switched it before.
  useEffect(() => apply({ type: 'elderlyChanged', elderly, at: Date.now() }), [apply, elderly, props.enabled]);

  // A journey's frame reports its own steps; home is reported here.
  useEffect(() => {
    if (props.enabled && props.service === HOME.service) apply({ type: 'stepEntered', place: HOME, at: Date.now() });
  }, [apply, props.enabled, props.service]);

  // Long dwell: woken exactly when the current step's limit passes (no polling).
  useEffect(() => {
    if (deadline === undefined) return;
    const timer = setTimeout(() => apply({ type: 'tick', at: Date.now() }), Math.max(0, deadline - Date.now()));
    return () => clearTimeout(timer);
  }, [apply, deadline]);

  const placeNow = useCallback((): StepPlace => state.current.place ?? { service: service.current, step: HOME.step }, []);
  const reports: HelpReports = useMemo(
    () => ({
      stepShown: (step) => apply({ type: 'stepEntered', place: { service: service.current, step }, at: Date.now() }),
      validationFailed: () => apply({ type: 'validationFailed', at: Date.now() }),
      backTapped: () => apply({ type: 'backTapped', at: Date.now() }),
      openHelp: () => {
        apply({ type: 'helpRequested' });
        setOffering(false);
        setPanel(placeNow());
      },
    }),
    [apply, placeNow],
  );

  return (
    <HelpContext.Provider value={reports}>
      {props.children}
      {props.enabled && offering && !panel && !props.idleWarning && (
        <HelpOffer
          onHelp={() => {
            apply({ type: 'offerClosed' });
            setOffering(false);
            setPanel(placeNow());
          }}
          onDecline={() => {
            apply({ type: 'offerClosed' });
            setOffering(false);
          }}
        />
      )}
      {props.enabled && panel && <HelpPanel place={panel} activity={props.activity} onClose={() => setPanel(undefined)} />}
    </HelpContext.Provider>
  );
}
