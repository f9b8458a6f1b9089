// Voice guidance in the React tree: screens name their prompt (`useVoicePrompt`), the provider
// keeps the one on screen, speaks it by itself in 长辈模式 (`voiceActionFor`) and on demand (🔊),
// and stops it when the screen changes. Mute lasts the session: ending one reloads the renderer.
import type { i18n as I18n } from 'i18next';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { Language } from '../i18n';
import { voicePromptText, type VoiceKey } from '../i18n/voice';
import { browserVoiceEnvironment, promptOnScreen, voiceActionFor, VoicePlayer, type VoicePlayback, type VoiceSituation } from './voice';

/** Screens speak on the `screen` layer; an overlay above them (a dialog) on the `overlay` layer, which wins while it shows. */
export type VoiceLayer = 'screen' | 'overlay';

export interface VoiceContextValue {
  /** The prompt 🔊 reads now. */
  readonly current: VoiceKey | undefined;
  readonly playing: VoicePlayback | undefined;
  readonly muted: boolean;
  /** 长辈模式: screens speak by themselves, so muting means something. */
  readonly elderly: boolean;
  readonly readAloud: () => void;
  readonly setMuted: (muted: boolean) => void;
  readonly register: (layer: VoiceLayer, key: VoiceKey) => () => void;
}

const VoiceContext = createContext<VoiceContextValue | undefined>(undefined);

interface Slot {
  readonly key: VoiceKey;
  readonly token: symbol;
}

export function VoiceProvider(props: { readonly language: Language; readonly elderly: boolean; readonly children: ReactNode }) {
  const player = useMemo(() => new VoicePlayer(browserVoiceEnvironment()), []);
  const [screen, setScreen] = useState<Slot>();
  const [overlay, setOverlay] = useState<Slot>();
  const [muted, setMuted] = useState(false);
  const playing = useSyncExternalStore(player.subscribe, player.current);

  const register = useCallback((layer: VoiceLayer, key: VoiceKey) => {
    const set = layer === 'screen' ? setScreen : setOverlay;
    const token = Symbol(key);
    set({ key, token });
    // Only the registration that is still current clears the slot (a newer screen may have taken it).
    return () => set((slot) => (slot?.token === token ? undefined : slot));
  }, []);

  const screenKey = screen?.key;
  const overlayKey = overlay?.key;
  const { language, elderly } = props;
  const situation = useMemo<VoiceSituation>(() => ({ screen: screenKey, overlay: overlayKey, language, elderly, muted }), [screenKey, overlayKey, language, elderly, muted]);
  const current = promptOnScreen(situation);
  const previous = useRef<VoiceSituation>({ ...situation, elderly: false, screen: undefined, overlay: undefined });
  useEffect(() => {
    const action = voiceActionFor(previous.current, situation);
    previous.current = situation;
    switch (action.kind) {
      case 'speak':
        player.speak({ key: action.key, language: situation.language, text: voicePromptText(action.key, situation.language) });
        break;
      case 'stop':
        player.stop();
        break;
      case 'none':
        break;
    }
  }, [player, situation]);
  useEffect(() => () => player.stop(), [player]);

  // Test hook and styling hook: what is audible now, on the document element (like `.elderly`).
  useEffect(() => {
    const root = document.documentElement;
    if (playing) {
      root.dataset.voicePlaying = playing.key;
      root.dataset.voiceRoute = playing.route;
      root.dataset.voiceLanguage = playing.language;
    } else {
      delete root.dataset.voicePlaying;
      delete root.dataset.voiceRoute;
      delete root.dataset.voiceLanguage;
    }
  }, [playing]);

  const readAloud = useCallback(() => {
    if (current) player.speak({ key: current, language, text: voicePromptText(current, language) });
  }, [player, current, language]);

  const value = useMemo<VoiceContextValue>(() => ({ current, playing, muted, elderly, readAloud, setMuted, register }), [current, playing, muted, elderly, readAloud, register]);
  return <VoiceContext.Provider value={value}>{props.children}</VoiceContext.Provider>;
}

export function useVoice(): VoiceContextValue | undefined {
  return useContext(VoiceContext);
}

/** Names the prompt of the screen (or overlay) this component shows, for as long as it shows (`undefined`: none). */
export function useVoicePrompt(key: VoiceKey | undefined, layer: VoiceLayer = 'screen'): void {
  const register = useContext(VoiceContext)?.register;
  useEffect(() => (key ? register?.(layer, key) : undefined), [register, layer, key]);
}

/** The shell's providers around every screen: the i18n layer, then voice guidance in the citizen's language. */
export function ShellProviders(props: { readonly i18n: I18n; readonly language: Language; readonly elderly: boolean; readonly children: ReactNode }) {
  return (
    <I18nextProvider i18n={props.i18n}>
      <VoiceProvider language={props.language} elderly={props.elderly}>
        {props.children}
      </VoiceProvider>
    </I18nextProvider>
  );
}
