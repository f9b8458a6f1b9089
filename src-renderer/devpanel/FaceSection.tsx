// Developer panel section (demo profile only): what the 人证核验 camera shows — the real camera, or
// a simulated face that the reference platform matches with the demo residents' cards, or one it
// matches with nobody's (devpanel/simulatedCamera.ts).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { setSimulatedFace, simulatedFace, type SimulatedFace } from './simulatedCamera';

const CHOICES: readonly SimulatedFace[] = ['real', 'holder', 'stranger'];

export function FaceSection() {
  const { t } = useTranslation('faceCheck');
  const [face, setFace] = useState<SimulatedFace>(simulatedFace());
  return (
    <section className="dev-section dev-face" data-testid="dev-face" aria-label={t('devPanel.title')}>
      <h3 className="dev-section__title">{t('devPanel.title')}</h3>
      <div className="dev-idcard__fixtures" role="radiogroup" aria-label={t('devPanel.title')}>
        {CHOICES.map((choice) => (
          <button
            key={choice}
            type="button"
            role="radio"
            aria-checked={face === choice}
            data-testid={`dev-face-${choice}`}
            onClick={() => {
              setSimulatedFace(choice);
              setFace(choice);
            }}
          >
            <span aria-hidden="true">{face === choice ? '◉ ' : '○ '}</span>
            {t(`devPanel.${choice}`)}
          </button>
        ))}
      </div>
    </section>
  );
}
