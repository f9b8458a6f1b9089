// Full-screen states of the app shell: attract, idle warning, recovering, out of service, the end
// of a session ("请取走身份证"), and the confirmation before ending a session with money in flight.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../src-common/domain/money';
import type { HeldCommand } from '../app/sessionActivity';
import { beep } from '../app/sound';
import { useVoicePrompt } from '../app/VoiceContext';
import { BrandMark } from '../components/icons/BrandMark';
import { VoiceControls } from '../components/VoiceControls';

export function AttractScreen(props: { readonly onStart: () => void }) {
  const { t } = useTranslation();
  useVoicePrompt('attract');
  return (
    <>
      <button type="button" className="attract" data-testid="attract-screen" onClick={props.onStart}>
        <BrandMark className="attract__mark" />
        <span className="attract__title">{t('attract.title')}</span>
        <span className="attract__subtitle">{t('attract.subtitle')}</span>
        <span className="attract__hint">{t('attract.hint')}</span>
      </button>
      {/* Beside the attract button, not inside it: a tap here reads aloud and does not start a session. */}
      <VoiceControls className="voice-controls--attract" />
    </>
  );
}

/** Opaque on purpose: the name and address on the screen behind must not be readable to a passer-by. */
export function IdleWarning(props: { readonly secondsLeft: number; readonly onMoreTime: () => void; readonly onExit: () => void }) {
  const { t } = useTranslation();
  useVoicePrompt('idleWarning', 'overlay');
  return (
    <div className="overlay overlay--opaque" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" data-testid="idle-warning">
      <div className="dialog">
        <VoiceControls tone="light" className="dialog__voice" />
        <h2 id="idle-title" className="dialog__title">
          {t('idle.title')}
        </h2>
        <div className="dialog__countdown" aria-live="assertive" data-testid="idle-countdown">
          {props.secondsLeft}
        </div>
        <p className="dialog__body">{t('idle.body', { seconds: props.secondsLeft })}</p>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={props.onExit}>
            {t('idle.exit')}
          </button>
          <button type="button" className="button button--primary" data-testid="idle-more-time" onClick={props.onMoreTime}>
            {t('idle.more')}
          </button>
        </div>
      </div>
    </div>
  );
}

/** How long apart the "take your card" tone repeats while the reminder shows. */
const REMINDER_TONE_EVERY_MS = 2000;

/** The session is over: "请取走身份证" with a tone when a card was read in it, else a blank moment before the reload. */
export function EndingScreen(props: { readonly remindCard: boolean; readonly onTaken: () => void }) {
  const { t } = useTranslation();
  useVoicePrompt(props.remindCard ? 'takeCard' : undefined);
  useEffect(() => {
    if (!props.remindCard) return;
    beep(660, 400);
    const timer = setInterval(() => beep(660, 400), REMINDER_TONE_EVERY_MS);
    return () => clearInterval(timer);
  }, [props.remindCard]);
  if (!props.remindCard) return <main className="ending" data-testid="session-ending" aria-busy="true" />;
  return (
    <main className="ending" data-testid="take-card-reminder" aria-live="assertive">
      <div className="ending__card" aria-hidden="true">
        <svg viewBox="0 0 160 100" width="240" height="150">
          <rect x="6" y="6" width="148" height="88" rx="10" fill="#eaf2fb" stroke="#fff" strokeWidth="6" />
          <rect x="20" y="22" width="36" height="44" rx="4" fill="#b8c9df" />
          <rect x="66" y="26" width="72" height="8" rx="4" fill="#7d8fa8" />
          <rect x="66" y="42" width="56" height="8" rx="4" fill="#7d8fa8" />
          <rect x="20" y="76" width="118" height="8" rx="4" fill="#7d8fa8" />
        </svg>
      </div>
      <VoiceControls className="ending__voice" />
      <h1 className="ending__title">{t('ending.takeCard')}</h1>
      <p className="ending__body">{t('ending.body')}</p>
      <button type="button" className="button button--primary" onClick={props.onTaken}>
        {t('ending.taken')}
      </button>
    </main>
  );
}

/** "结束办理" while money is in flight: what ending now means, in plain words, and a way to stay. */
export function ExitConfirmation(props: { readonly held: readonly HeldCommand[]; readonly onStay: () => void; readonly onExit: () => void }) {
  const { t } = useTranslation();
  const cash = props.held.find((h) => h.method === 'Fee.PayCash' || h.method === 'Cash.Start');
  const body = cash ? (cash.paidFen > 0 ? t('exit.cashPaid', { paid: formatFen(cash.paidFen) }) : t('exit.cash')) : t('exit.qr');
  useVoicePrompt('exitConfirm', 'overlay');
  return (
    <div className="overlay overlay--opaque" role="alertdialog" aria-modal="true" aria-labelledby="exit-title" data-testid="exit-confirmation">
      <div className="dialog">
        <VoiceControls tone="light" className="dialog__voice" />
        <h2 id="exit-title" className="dialog__title">
          {t('exit.title')}
        </h2>
        <p className="dialog__body">{body}</p>
        <div className="dialog__actions">
          <button type="button" className="button button--danger" data-testid="exit-confirm" onClick={props.onExit}>
            {t('exit.confirm')}
          </button>
          <button type="button" className="button button--primary" data-testid="exit-stay" onClick={props.onStay}>
            {t('exit.stay')}
          </button>
        </div>
      </div>
    </div>
  );
}

export function Recovering() {
  const { t } = useTranslation();
  return (
    <div className="overlay overlay--recovering" role="status" aria-live="polite" data-testid="recovering">
      <div className="dialog">
        <div className="spinner" aria-hidden="true" />
        <h2 className="dialog__title">{t('recovering.title')}</h2>
        <p className="dialog__body">{t('recovering.body')}</p>
      </div>
    </div>
  );
}

export function OutOfService() {
  const { t } = useTranslation();
  useVoicePrompt('outOfService');
  return (
    <main className="out-of-service" data-testid="out-of-service">
      <h1>{t('outOfService.title')}</h1>
      <p>{t('outOfService.body')}</p>
      <p className="out-of-service__hotline">{t('outOfService.hotline')}</p>
      <VoiceControls />
    </main>
  );
}

export function NoConnectionInfo() {
  const { t } = useTranslation();
  return (
    <main className="out-of-service" data-testid="no-token">
      <h1>{t('noToken.title')}</h1>
      <p>{t('noToken.body')}</p>
    </main>
  );
}
