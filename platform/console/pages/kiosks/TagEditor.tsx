// Editing a kiosk's tags (operators): region code, level, site kind, site name, hardware model.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { KioskLevel, KioskTags, setKioskTags, SiteKind } from '../../../api/fleet';
import { useEndpointMutation } from '../../api/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';

export function TagEditor({ kioskId, tags, onDone }: { readonly kioskId: string; readonly tags: KioskTags; readonly onDone: (saved: boolean) => void }) {
  const { t } = useTranslation('kiosks');
  const [draft, setDraft] = useState({ regionCode: tags.regionCode ?? '', level: tags.level ?? '', siteKind: tags.siteKind ?? '', siteName: tags.siteName ?? '', hardware: tags.hardware ?? '' });
  const save = useEndpointMutation(setKioskTags, ['kiosks.detail', 'kiosks.list', 'fleet.overview', 'fleet.facets']);
  const [invalid, setInvalid] = useState(false);
  const set = (key: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const blankToNull = (v: string) => (v.trim() === '' ? null : v.trim());
    const parsed = KioskTags.safeParse({ regionCode: blankToNull(draft.regionCode), level: blankToNull(draft.level), siteKind: blankToNull(draft.siteKind), siteName: blankToNull(draft.siteName), hardware: blankToNull(draft.hardware) });
    setInvalid(!parsed.success);
    if (!parsed.success) return;
    save.mutate({ params: { kioskId }, body: parsed.data }, { onSuccess: () => onDone(true) });
  };

  const field = (key: 'regionCode' | 'siteName' | 'hardware', label: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`tag-${key}`}>{label}</label>
      <input id={`tag-${key}`} value={draft[key]} onChange={(e) => set(key)(e.target.value)} aria-describedby={hint ? `tag-${key}-hint` : undefined} data-testid={`tag-${key}`} />
      {hint && (
        <small id={`tag-${key}-hint`} className="hint">
          {hint}
        </small>
      )}
    </div>
  );
  const select = (key: 'level' | 'siteKind', label: string, values: readonly string[], labelOf: (v: string) => string) => (
    <div className="field">
      <label htmlFor={`tag-${key}`}>{label}</label>
      <select id={`tag-${key}`} value={draft[key]} onChange={(e) => set(key)(e.target.value)} data-testid={`tag-${key}`}>
        <option value="">{t('notTagged', { ns: 'common' })}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {labelOf(v)}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <form className="tag-editor" onSubmit={submit} data-testid="tag-editor">
      {field('regionCode', t('region'), t('tagRegionHint'))}
      {select('level', t('level'), KioskLevel.options, (v) => t(`level.${v}`, { ns: 'common' }))}
      {select('siteKind', t('siteKind'), SiteKind.options, (v) => t(`siteKind.${v}`, { ns: 'common' }))}
      {field('siteName', t('siteName'))}
      {field('hardware', t('hardware'))}
      {invalid && (
        <p className="error" role="alert">
          {t('errors.invalidRequest', { ns: 'common' })}
        </p>
      )}
      <ErrorNotice error={save.error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending} data-testid="tags-save">
          {t('saveTags')}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
