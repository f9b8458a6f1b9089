// The header on every screen: hall name, date and clock (Asia/Shanghai), language and elderly
// mode toggles (one tap away everywhere, design.md §8), and exit during a session.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../app/KioskContext';

const CLOCK_ZONE = 'Asia/Shanghai';

export function formatClock(now: Date, language: string): { date: string; time: string } {
  const locale = language === 'en' ? 'en-GB' : 'zh-CN';
  const date = new Intl.DateTimeFormat(locale, { timeZone: CLOCK_ZONE, year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }).format(now);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: CLOCK_ZONE, hour: '2-digit', minute: '2-digit', hour12: false }).format(now);
  return { date, time };
}

export function Header(props: { readonly showExit: boolean }) {
  const { t } = useTranslation();
  const kiosk = useKiosk();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  const clock = formatClock(now, kiosk.language);
  const hall = kiosk.language === 'en' ? kiosk.status.ui.hallName.en : kiosk.status.ui.hallName.zh;
  return (
    <header className="header">
      <div className="header__brand">
        <div className="header__logo" aria-hidden="true">
          不
        </div>
        <div>
          <div className="header__hall">{hall}</div>
          <div className="header__tagline">
            {t('appName')} · {t('appTagline')}
          </div>
        </div>
      </div>
      <div className="header__clock" aria-live="off">
        <div className="header__time" data-testid="clock-time">{clock.time}</div>
        <div className="header__date">{clock.date}</div>
      </div>
      <div className="header__actions">
        <button
          type="button"
          className="chip"
          data-testid="toggle-language"
          aria-label={`${t('header.language')} · ${t('header.languageAria')}`}
          onClick={() => kiosk.setLanguage(kiosk.language === 'en' ? 'zh-CN' : 'en')}
        >
          {t('header.language')}
        </button>
        <button
          type="button"
          className={`chip ${kiosk.elderly ? 'chip--on' : ''}`}
          data-testid="toggle-elderly"
          aria-pressed={kiosk.elderly}
          aria-label={`${kiosk.elderly ? t('header.elderlyOn') : t('header.elderly')} · ${t('header.elderlyAria')}`}
          onClick={() => kiosk.setElderly(!kiosk.elderly)}
        >
          {kiosk.elderly ? t('header.elderlyOn') : t('header.elderly')}
        </button>
        {props.showExit && (
          <button type="button" className="chip chip--exit" data-testid="exit-session" onClick={() => void kiosk.endSession('exit')}>
            {t('header.exit')}
          </button>
        )}
      </div>
    </header>
  );
}
