// The header on every citizen screen: hall name, date and clock (Asia/Shanghai), language and
// elderly mode toggles (one tap away everywhere, design.md §8), whose session it is once an ID card
// was read (issue #16, defect 3), and "结束办理", which asks first while money is in flight.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../app/KioskContext';
import { otherLanguage } from '../i18n';
import { formatClock, useFormat } from '../i18n/format';
import { BrandMark } from './icons/BrandMark';

export function Header(props: { readonly showExit: boolean }) {
  const { t } = useTranslation();
  const kiosk = useKiosk();
  const format = useFormat();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  const clock = formatClock(now, kiosk.language);
  return (
    <header className="header">
      <div className="header__brand">
        <BrandMark className="header__logo" />
        <div className="header__names">
          {/* The hall name breaks only between its words, never inside one (自助服/务区). */}
          <div className="header__hall">
            {format
              .text(kiosk.status.ui.hallName)
              .split(/\s+/)
              .map((word, i) => (
                <span key={i} className="header__word">
                  {word}
                </span>
              ))}
          </div>
          <div className="header__tagline">
            {t('appName')} · {t('appTagline')}
          </div>
        </div>
      </div>
      <div className="header__clock" aria-live="off">
        <div className="header__time" data-testid="clock-time">
          {clock.time}
        </div>
        <div className="header__date">{clock.date}</div>
      </div>
      <div className="header__actions">
        <DisplayToggles />
      </div>
      {props.showExit && (
        <div className="header__session" data-testid="session-bar">
          {kiosk.holder && (
            <span className="header__holder" data-testid="session-holder">
              {t('header.holder', { name: kiosk.holder })}
            </span>
          )}
          <button type="button" className="chip chip--exit" data-testid="exit-session" onClick={kiosk.requestExit}>
            {t('header.exit')}
          </button>
        </div>
      )}
    </header>
  );
}

/** 中文/English and 长辈模式, one tap away on every citizen screen (design.md §8), the availability screens included. */
export function DisplayToggles() {
  const { t } = useTranslation();
  const kiosk = useKiosk();
  return (
    <>
      <button
        type="button"
        className="chip"
        data-testid="toggle-language"
        lang={otherLanguage(kiosk.language)}
        aria-label={`${t('header.language')} · ${t('header.languageAria')}`}
        onClick={() => kiosk.setLanguage(otherLanguage(kiosk.language))}
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
    </>
  );
}
