// 🔊 朗读 on every citizen screen (issue #16, item 14): reads the screen's prompt aloud on demand,
// and in 长辈模式, where each screen speaks by itself, 静音 silences that for the rest of the session.
// It sits beside the screen's title (the header is full in portrait), in dialogs, and at the foot
// of the attract and availability screens.
import { useTranslation } from 'react-i18next';
import { useVoice } from '../app/VoiceContext';
import { QUIET_VOICE_KEYS } from '../i18n/voice';
import '../styles/voice.css';

/** `dark`: on the brand-coloured screens (attract, availability, ending); `light`: beside a title or in a dialog. */
export function VoiceControls(props: { readonly className?: string; readonly tone?: 'dark' | 'light' }) {
  const { t } = useTranslation('voice');
  const voice = useVoice();
  if (!voice) return null;
  const speaking = voice.playing !== undefined;
  // 静音 only where a screen speaks by itself: in 长辈模式, and not on the screens that speak only when asked.
  const canMute = voice.elderly && voice.current !== undefined && !QUIET_VOICE_KEYS.has(voice.current);
  return (
    <div className={`voice-controls voice-controls--${props.tone ?? 'dark'} ${props.className ?? ''}`} data-testid="voice-controls">
      <button
        type="button"
        className={`chip voice-controls__read ${speaking ? 'chip--on' : ''}`}
        data-testid="voice-read"
        aria-label={t('controls.readAloud')}
        disabled={voice.current === undefined}
        onClick={voice.readAloud}
      >
        <SpeakerIcon waves={!voice.muted} />
        <span className="voice-controls__label" aria-hidden="true">
          {t('controls.readAloud')}
        </span>
      </button>
      {canMute && (
        <button
          type="button"
          className={`chip ${voice.muted ? 'chip--on' : ''}`}
          data-testid="voice-mute"
          aria-pressed={voice.muted}
          aria-label={`${t('controls.mute')} · ${t('controls.muteAria')}`}
          onClick={() => voice.setMuted(!voice.muted)}
        >
          {t('controls.mute')}
        </button>
      )}
    </div>
  );
}

/** A drawn speaker (no emoji font is needed on a Linux kiosk); the waves go when automatic speech is muted. */
function SpeakerIcon(props: { readonly waves: boolean }) {
  return (
    <svg className="voice-controls__icon" viewBox="0 0 24 24" width="1.2em" height="1.2em" aria-hidden="true" focusable="false">
      <path d="M3 9v6h4l5 4V5L7 9H3z" fill="currentColor" />
      {props.waves ? (
        <path d="M15.5 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      ) : (
        <path d="M16 9l6 6M22 9l-6 6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      )}
    </svg>
  );
}
