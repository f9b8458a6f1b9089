// Full-screen states of the app shell: attract, idle warning, recovering, out of service.
import { useTranslation } from 'react-i18next';

export function AttractScreen(props: { readonly onStart: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="attract" data-testid="attract-screen" onClick={props.onStart}>
      <span className="attract__mark" aria-hidden="true">
        不打烊
      </span>
      <span className="attract__title">{t('attract.title')}</span>
      <span className="attract__subtitle">{t('attract.subtitle')}</span>
      <span className="attract__hint">{t('attract.hint')}</span>
    </button>
  );
}

export function IdleWarning(props: { readonly secondsLeft: number; readonly onMoreTime: () => void; readonly onExit: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="overlay" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" data-testid="idle-warning">
      <div className="dialog">
        <h2 id="idle-title" className="dialog__title">
          {t('idle.title')}
        </h2>
        <div className="dialog__countdown" aria-live="assertive" data-testid="idle-countdown">
          {props.secondsLeft}
        </div>
        <p className="dialog__body">{t('idle.body', { seconds: props.secondsLeft })}</p>
        <div className="dialog__actions">
          <button type="button" className="button button--primary" data-testid="idle-more-time" onClick={props.onMoreTime}>
            {t('idle.more')}
          </button>
          <button type="button" className="button" onClick={props.onExit}>
            {t('idle.exit')}
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
  return (
    <main className="out-of-service" data-testid="out-of-service">
      <h1>{t('outOfService.title')}</h1>
      <p>{t('outOfService.body')}</p>
      <p className="out-of-service__hotline">{t('outOfService.hotline')}</p>
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
