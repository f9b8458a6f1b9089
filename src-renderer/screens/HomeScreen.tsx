// The home screen: the six service entries, each with its drawn icon, enabled or disabled with a
// reason from the core's capability summary. Disabled entries say why in words, not colour alone.
import { useTranslation } from 'react-i18next';
import type { ServiceEntry } from '../../src-common/api/kiosk';
import { useKiosk } from '../app/KioskContext';
import { JOURNEYS } from '../app/journeys';
import { useVoicePrompt } from '../app/VoiceContext';
import { ServiceIcon } from '../components/icons/ServiceIcon';
import { formatComing, useFormat } from '../i18n/format';
import { VoiceControls } from '../components/VoiceControls';

const ORDER: readonly ServiceEntry[] = ['apply', 'bundle', 'pay', 'pickup', 'proof', 'query'];

export function HomeScreen(props: { readonly onOpen: (service: ServiceEntry) => void }) {
  const { t } = useTranslation();
  const { status } = useKiosk();
  const format = useFormat();
  useVoicePrompt('home');
  // "不打烊" only where it is true: a kiosk with opening hours says until when it is open.
  const closesAt = status.availability?.state === 'open' ? status.availability.closesAt : null;
  const coming = closesAt ? formatComing(closesAt, new Date(), format.language) : undefined;
  const subtitle = coming ? t(`home.openUntil.${coming.day}`, { time: coming.time, date: coming.date }) : t('home.subtitle');
  return (
    <main className="home" data-testid="home-screen">
      <div className="voice-title-row">
        <h1 className="home__title">{t('home.title')}</h1>
        <VoiceControls tone="light" />
      </div>
      <p className="home__subtitle" data-testid="home-subtitle">
        {subtitle}
      </p>
      <div className="tiles">
        {ORDER.map((service) => {
          const availability = status.capabilities.services.find((s) => s.service === service);
          const hasJourney = Boolean(JOURNEYS[service]);
          const available = Boolean(availability?.available) && hasJourney;
          const hint = available
            ? t(`home.services.${service}.hint`)
            : !hasJourney
              ? t('home.notYetOpen')
              : t('home.unavailableWhy', { reason: availability?.reasonKey ? t(availability.reasonKey) : t('reason.deviceFault') });
          return (
            <button
              key={service}
              type="button"
              className={`tile ${available ? '' : 'tile--disabled'}`}
              data-testid={`service-${service}`}
              aria-disabled={!available}
              onClick={() => available && props.onOpen(service)}
            >
              <ServiceIcon service={service} className="tile__icon" />
              <span className="tile__title">{t(`home.services.${service}.title`)}</span>
              <span className="tile__hint">{hint}</span>
            </button>
          );
        })}
      </div>
    </main>
  );
}
