// A row of filters above a list: labelled selects and text fields, applied together with one
// button (and reset). Values live in the page's URL, so a filtered list can be linked to.
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function FilterBar({ children, onApply, onReset }: { readonly children: ReactNode; readonly onApply: () => void; readonly onReset: () => void }) {
  const { t } = useTranslation();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply();
  };
  return (
    <form className="filters" role="search" aria-label={t('filters.label')} onSubmit={submit}>
      {children}
      <div className="filter-actions">
        <button type="submit" className="primary" data-testid="filter-apply">
          {t('filters.apply')}
        </button>
        <button type="button" onClick={onReset} data-testid="filter-reset">
          {t('filters.reset')}
        </button>
      </div>
    </form>
  );
}

export interface Option {
  readonly value: string;
  readonly label: string;
}

export function SelectField({ id, label, value, options, onChange }: { readonly id: string; readonly label: string; readonly value: string; readonly options: readonly Option[]; readonly onChange: (value: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={id}>
        <option value="">{t('filters.all')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function TextField({ id, label, value, onChange, hint, inputMode }: { readonly id: string; readonly label: string; readonly value: string; readonly onChange: (value: string) => void; readonly hint?: string; readonly inputMode?: 'numeric' | 'text' }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} inputMode={inputMode} aria-describedby={hint ? `${id}-hint` : undefined} data-testid={id} />
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
    </div>
  );
}
