// The availability screens (issue #11, docs/fleet.md): out of hours (when the kiosk opens again and
// the nearest 24-hour hall), maintenance mode (the admin's reason), the announcement banner and the
// closing-soon notice.
// They take the attract screen's place only; a citizen's session in progress is never interrupted.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BilingualText } from '../../src-common/forms/formSchema';
import type { KioskAvailability } from '../../src-common/api/kiosk';
import { closingSoonAt, type Unavailable } from '../app/appMachine';
import { useVoicePrompt } from '../app/VoiceContext';
import { DisplayToggles } from '../components/Header';
import { VoiceControls } from '../components/VoiceControls';
import { formatComing, useFormat } from '../i18n/format';

type Closed = Extract<Unavailable, { readonly state: 'closed' }>;
type Maintenance = Extract<Unavailable, { readonly state: 'maintenance' }>;

/**
 * Language and 长辈模式 at the foot of the screen: there is no header here, since the top-right corner
 * keeps the technician's hidden diagnostics gesture (maintenance mode is when they need it most).
 */
function Toggles() {
  return (
    <div className="availability__toggles">
      <DisplayToggles />
      <VoiceControls />
    </div>
  );
}

/** "明天08:30开放" stays true past midnight: re-render each minute. */
function useMinute(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function ClosedScreen(props: { readonly closed: Closed }) {
  const { t } = useTranslation();
  const format = useFormat();
  const now = useMinute();
  useVoicePrompt('closed');
  const { nextOpeningAt, nearest24hHall } = props.closed;
  let opens = t('availability.closed.opensUnknown');
  if (nextOpeningAt) {
    const coming = formatComing(nextOpeningAt, now, format.language);
    const values = { date: coming.date, time: coming.time };
    opens = coming.day === 'today' ? t('availability.closed.opensToday', values) : coming.day === 'tomorrow' ? t('availability.closed.opensTomorrow', values) : t('availability.closed.opensOn', values);
  }
  return (
    <main className="availability availability--closed" data-testid="closed-screen" aria-labelledby="closed-title">
      <svg className="availability__mark" viewBox="0 0 120 120" aria-hidden="true">
        <circle cx="60" cy="60" r="50" fill="none" stroke="currentColor" strokeWidth="8" />
        <path d="M60 30v32l20 14" fill="none" stroke="currentColor" strokeWidth="8" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <h1 id="closed-title" className="availability__title">
        {t('availability.closed.title')}
      </h1>
      <p className="availability__lead" data-testid="closed-next-opening">
        {opens}
      </p>
      {nearest24hHall && (
        <section className="availability__hall" aria-labelledby="hall-title" data-testid="closed-nearest-hall">
          <h2 id="hall-title" className="availability__hall-title">
            {t('availability.closed.hallTitle')}
          </h2>
          <p className="availability__hall-name">{format.text(nearest24hHall.name)}</p>
          <p className="availability__hall-address">{format.text(nearest24hHall.address)}</p>
        </section>
      )}
      <p className="availability__foot">{t('availability.closed.windows')}</p>
      <p className="availability__foot">{t('availability.hotline')}</p>
      <Toggles />
    </main>
  );
}

export function MaintenanceScreen(props: { readonly maintenance: Maintenance }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { reason, since } = props.maintenance;
  useVoicePrompt('maintenance');
  return (
    <main className="availability availability--maintenance" data-testid="maintenance-screen" aria-labelledby="maintenance-title">
      <svg className="availability__mark" viewBox="0 0 120 120" aria-hidden="true">
        <path d="M78 18a26 26 0 0 0-30 34L18 82a10 10 0 0 0 14 14l30-30a26 26 0 0 0 34-30l-14 14-12-4-4-12z" fill="none" stroke="currentColor" strokeWidth="8" strokeLinejoin="round" />
      </svg>
      <h1 id="maintenance-title" className="availability__title">
        {t('availability.maintenance.title')}
      </h1>
      {reason && (
        <p className="availability__reason" data-testid="maintenance-reason">
          {format.text(reason)}
        </p>
      )}
      <p className="availability__lead">{t('availability.maintenance.body')}</p>
      <p className="availability__foot">
        {t('availability.maintenance.since', { time: format.dateTime(since) })} · {t('availability.hotline')}
      </p>
      <Toggles />
    </main>
  );
}

/** The admin's announcement (config `ui.announcement`), above the attract, home and availability screens. */
export function AnnouncementBanner(props: { readonly text: BilingualText }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <aside className="announcement" aria-label={t('availability.announcement')} data-testid="announcement">
      <span className="announcement__tag" aria-hidden="true">
        {t('availability.announcement')}
      </span>
      <span className="announcement__text">{format.text(props.text)}</span>
    </aside>
  );
}

/** Within half an hour of closing time, above the attract and home screens: when new requests stop, and that started ones may finish. */
export function ClosingSoonBanner(props: { readonly availability: KioskAvailability | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const now = useMinute();
  const closesAt = closingSoonAt(props.availability, now.getTime());
  if (!closesAt) return null;
  return (
    <aside className="announcement announcement--closing" aria-label={t('availability.closingSoon.label')} data-testid="closing-soon">
      <span className="announcement__tag" aria-hidden="true">
        {t('availability.closingSoon.label')}
      </span>
      <span className="announcement__text">{t('availability.closingSoon.body', { time: formatComing(closesAt, now, format.language).time })}</span>
    </aside>
  );
}
