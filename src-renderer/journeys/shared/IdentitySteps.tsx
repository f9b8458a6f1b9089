// Consent (exactly which card fields this service reads, and why, in its own words; nothing is read
// before "agree") and the ID card step ("请将身份证放在感应区" with a drawn reader, the reading
// state, and each failure with its next step). Shared by 办事, 一件事, 取证 and 打印证明.
import { useTranslation } from 'react-i18next';
import type { IdCardField } from '../../../src-common/privacy/idCardFields';
import { useErrorSentence } from '../../i18n/useErrorSentence';
import type { ReaderState } from './cardSteps';

/** Whose words the consent uses: what the service does with the card. */
export type ConsentPurpose = 'apply' | 'proof' | 'pickup';

export function ConsentStep(props: { readonly targetName: string; readonly fields: readonly IdCardField[]; readonly purpose: ConsentPurpose }) {
  const { t } = useTranslation('common');
  return (
    <section className="card consent" data-testid="consent" aria-labelledby="consent-title">
      <h2 id="consent-title" className="section-title">
        {t('consent.title')}
      </h2>
      <p className="lead">{t('consent.intro', { name: props.targetName })}</p>
      <ul className="consent__fields" data-testid="consent-fields">
        {props.fields.map((f) => (
          <li key={f}>
            <span aria-hidden="true">✓ </span>
            {t(`consent.fields.${f}`)}
          </li>
        ))}
      </ul>
      <p className="consent__photo">
        <span aria-hidden="true">✕ </span>
        {t('consent.notRead')}
      </p>
      <p className="consent__why" data-testid="consent-why">
        {t(`consent.why.${props.purpose}`)}
      </p>
    </section>
  );
}

export function IdentifyStep(props: { readonly reader: ReaderState; readonly onRetry: () => void }) {
  const { t } = useTranslation('common');
  const errorSentence = useErrorSentence();
  const reader = props.reader;
  const busy = reader.kind === 'cardPresent' || reader.kind === 'reading';
  return (
    <section className="card identify" data-testid="identify" data-reader={reader.kind} aria-live="polite">
      <h2 className="section-title">{reader.kind === 'failed' && reader.reason === 'badCheck' ? t('identify.removeCard') : t('identify.place')}</h2>
      <CardReaderIllustration active={busy} label={t('identify.illustration')} />
      {reader.kind === 'waiting' && <p className="lead">{t('identify.placeHint')}</p>}
      {reader.kind === 'cardPresent' && <p className="lead">{t('identify.cardPresent')}</p>}
      {reader.kind === 'reading' && (
        <>
          <div className="spinner" aria-hidden="true" />
          <p className="lead">{t('identify.reading')}</p>
        </>
      )}
      {reader.kind === 'failed' && (
        <>
          <p className="notice notice--error" role="alert" data-testid="identify-error">
            <span aria-hidden="true">⚠ </span>
            {reader.reason === 'badCheck' ? t('identify.badCheck') : errorSentence('IdCard.WaitForCard', reader.error)}
          </p>
          {reader.reason !== 'badCheck' && (
            <button type="button" className="button button--primary" data-testid="identify-retry" onClick={props.onRetry}>
              {t('identify.retry')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** A drawn ID card lying on the reader (SVG, no external asset). */
function CardReaderIllustration(props: { readonly active: boolean; readonly label: string }) {
  return (
    <svg className={`reader-art ${props.active ? 'reader-art--active' : ''}`} viewBox="0 0 320 200" role="img" aria-label={props.label}>
      <rect x="20" y="110" width="280" height="70" rx="14" fill="#2d3a52" />
      <rect x="40" y="122" width="240" height="46" rx="8" fill="#3f5170" />
      <path d="M150 145 a10 10 0 0 1 20 0 M144 145 a16 16 0 0 1 32 0 M138 145 a22 22 0 0 1 44 0" stroke="#9fd3ff" strokeWidth="3" fill="none" />
      <g className="reader-art__card">
        <rect x="70" y="20" width="180" height="112" rx="10" fill="#eaf2fb" stroke="#0b4ea2" strokeWidth="4" />
        <rect x="86" y="38" width="44" height="54" rx="4" fill="#b8c9df" />
        <rect x="142" y="42" width="92" height="8" rx="4" fill="#7d8fa8" />
        <rect x="142" y="58" width="72" height="8" rx="4" fill="#7d8fa8" />
        <rect x="142" y="74" width="84" height="8" rx="4" fill="#7d8fa8" />
        <rect x="86" y="104" width="148" height="10" rx="4" fill="#7d8fa8" />
      </g>
      <path d="M160 0 v14 M152 6 l8 8 l8 -8" stroke="#c8102e" strokeWidth="4" fill="none" />
    </svg>
  );
}
