// Developer panel section (demo profile only): the simulated ID card reader's fictitious cards,
// "place card" and "remove card", so the journeys can be shown without a real reader.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../app/KioskContext';

export function IdCardSection() {
  const { t } = useTranslation('apply');
  const { client } = useKiosk();
  const [fixtures, setFixtures] = useState<ReadonlyArray<{ id: string; label: string }>>([]);
  const [fixture, setFixture] = useState('resident-wang');
  const [message, setMessage] = useState('');

  useEffect(() => {
    void client.call('Simulator.IdCardFixtures', {}).then((r) => r.ok && setFixtures(r.value.fixtures));
  }, [client]);

  return (
    <section className="dev-section dev-idcard" data-testid="dev-idcard" aria-label={t('devPanel.idCard')}>
      <h3 className="dev-section__title">{t('devPanel.idCard')}</h3>
      <div className="dev-idcard__fixtures" role="radiogroup" aria-label={t('devPanel.fixtures')}>
        {fixtures.map((f) => (
          <button key={f.id} type="button" role="radio" aria-checked={fixture === f.id} data-testid={`dev-fixture-${f.id}`} onClick={() => setFixture(f.id)}>
            <span aria-hidden="true">{fixture === f.id ? '◉ ' : '○ '}</span>
            {f.label}
          </button>
        ))}
      </div>
      <div className="dev-section__buttons">
        <button type="button" data-testid="dev-place-card" onClick={() => void client.call('Simulator.InsertCard', { fixture }).then((r) => setMessage(r.ok ? t('devPanel.placed') : t('devPanel.failed')))}>
          {t('devPanel.place')}
        </button>
        <button type="button" data-testid="dev-remove-card" onClick={() => void client.call('Simulator.RemoveCard', {}).then((r) => setMessage(r.ok ? t('devPanel.removed') : t('devPanel.failed')))}>
          {t('devPanel.remove')}
        </button>
      </div>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
