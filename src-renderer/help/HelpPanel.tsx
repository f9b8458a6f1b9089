// The help panel (#16 item 15). In a hall it calls staff at once (Help.Request: a platform alert
// through the outbox, so it works offline-then-online) and says they are on their way; on a village
// machine, with nobody to call, it shows 12345, the local help line and a remote-help QR code, in
// big type. Opaque, like every overlay that can stand over a citizen's details.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../src-common/api/envelope';
import { useKiosk } from '../app/KioskContext';
import type { SessionActivity } from '../app/sessionActivity';
import { QrImage } from '../components/QrImage';
import { useErrorSentence } from '../i18n/useErrorSentence';
import type { StepPlace } from './struggleDetector';

/** Where a hall's call stands. */
type HallCall =
  // the request is being recorded
  | { readonly kind: 'calling' }
  // recorded (or one stands already within the repeat window): staff are coming
  | { readonly kind: 'called'; readonly repeated: boolean }
  // the kiosk could not record it (a full disk, the core gone)
  | { readonly kind: 'failed'; readonly error: ApiError<string> };

/**
 * How long a hall kiosk keeps a session whose citizen called staff and waits, untouched, behind the
 * opaque panel (as long as the kiosk treats repeated taps as the same call, `help.repeatWindowSeconds`'
 * default): then the ordinary idle warning, so a citizen who walked away is not kept for ever.
 */
export const STAFF_WAIT_MS = 5 * 60_000;

export function HelpPanel(props: { readonly place: StepPlace; readonly activity: SessionActivity; readonly onClose: () => void }) {
  const { t } = useTranslation('help');
  const help = useKiosk().status.ui.help;
  // A kiosk that says nothing of its site is a hall: calling staff is the safe default.
  const village = help?.siteKind === 'village';
  return (
    <div className="overlay overlay--opaque" role="dialog" aria-modal="true" aria-labelledby="help-title" data-testid="help-panel">
      <div className="dialog dialog--help">
        <h2 id="help-title" className="dialog__title">
          {t('panelTitle')}
        </h2>
        {village ? <VillageHelp localNumber={help?.localNumber} remoteHelpUrl={help?.remoteHelpUrl} place={props.place} /> : <HallHelp place={props.place} activity={props.activity} />}
        <div className="dialog__actions">
          <button type="button" className="button button--primary" data-testid="help-close" onClick={props.onClose}>
            {t('close')}
          </button>
        </div>
      </div>
    </div>
  );
}

function HallHelp(props: { readonly place: StepPlace; readonly activity: SessionActivity }) {
  const { t } = useTranslation('help');
  const { client } = useKiosk();
  const errorSentence = useErrorSentence();
  const [call, setCall] = useState<HallCall>({ kind: 'calling' });
  const { service, step } = props.place;
  useEffect(() => {
    let alive = true;
    void client.call('Help.Request', { service, step }).then((result) => {
      if (!alive) return;
      setCall(result.ok ? { kind: 'called', repeated: result.value.repeated } : { kind: 'failed', error: result.error });
      // Staff are coming: the session waits for them instead of timing out behind the panel.
      if (result.ok) props.activity.keepAliveUntil(Date.now() + STAFF_WAIT_MS);
    });
    return () => {
      alive = false;
      props.activity.endKeepAlive();
    };
  }, [client, service, step, props.activity]);
  switch (call.kind) {
    case 'calling':
      return (
        <p className="help__message" role="status" data-testid="help-calling">
          {t('calling')}
        </p>
      );
    case 'called':
      return (
        <div role="status">
          <p className="help__message help__message--ok" data-testid="help-staff-coming">
            {call.repeated ? t('alreadyCalled') : t('staffComing')}
          </p>
          <p className="help__hint">{t('staffComingHint')}</p>
        </div>
      );
    case 'failed':
      return (
        <p className="notice notice--error help__message" role="alert" data-testid="help-failed">
          {errorSentence('Help.Request', call.error)}
        </p>
      );
  }
}

function VillageHelp(props: { readonly localNumber: string | undefined; readonly remoteHelpUrl: string | undefined; readonly place: StepPlace }) {
  const { t } = useTranslation('help');
  const { client } = useKiosk();
  const { service, step } = props.place;
  // Nobody is called here; the tap is still counted (anonymously) as where help was wanted.
  useEffect(() => {
    void client.call('Help.ReportStruggle', { service, step, signal: 'helpRequested' });
  }, [client, service, step]);
  return (
    <div className="help__village">
      <p className="help__hint">{t('villageIntro')}</p>
      <div className="help__village-body">
        <dl className="help__numbers">
          <div className="help__number" data-testid="help-hotline">
            <dt>{t('hotlineLabel')}</dt>
            <dd>{t('hotline')}</dd>
          </div>
          {props.localNumber && (
            <div className="help__number" data-testid="help-local-number">
              <dt>{t('localLabel')}</dt>
              <dd>{props.localNumber}</dd>
            </div>
          )}
        </dl>
        {props.remoteHelpUrl && (
          <div className="help__remote">
            <QrImage content={props.remoteHelpUrl} size={220} label={t('remoteHelpQr')} testId="help-remote-qr" />
            <p className="help__hint">{t('remoteHelp')}</p>
          </div>
        )}
      </div>
    </div>
  );
}
