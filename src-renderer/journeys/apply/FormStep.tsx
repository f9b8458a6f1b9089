// One page of the application form, generated from the catalog schema: what the card already
// said (read-only), then the fields only the citizen can answer — on-screen keyboard fields,
// selects as big option buttons, dates as eight digits — with validateForm's message and fix.
// Values read back the way people read them: dates as 1958年7月15日, long numbers in groups.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IdCardData } from '../../../src-common/api/devices';
import type { FieldType, FormField } from '../../../src-common/forms/formSchema';
import { assertNever } from '../../../src-common/result';
import { KeyboardField } from '../../components/KeyboardField';
import type { KeyboardMode } from '../../components/keyboard/OnScreenKeyboard';
import { groupDigits, useFormat, type Format } from '../../i18n/format';
import { pageProblems, pagesOf, type ApplyEvent, type ApplyState } from './applyMachine';
import { cardFields, cardValue, SEX_KEYS, type JourneyField } from './journeyTarget';

interface KeyboardSetup {
  readonly modes: readonly KeyboardMode[];
  readonly maxLength?: number;
  readonly extraDigitKeys?: readonly string[];
  /** Normalises what the keyboard produced (e.g. upper case for codes). */
  readonly normalise?: (value: string) => string;
}

const DIGITS_ONLY_PATTERN = /^\\d\{\d+(,\d+)?\}$/;

/** Which keys a field needs: digits for numbers, pinyin and letters for words. */
export function keyboardFor(field: FormField): KeyboardSetup {
  const type: FieldType = field.type;
  const max = typeof field.validation.max === 'number' ? field.validation.max : undefined;
  switch (type) {
    case 'phone':
      return { modes: ['digits'], maxLength: 11 };
    case 'idNumber':
      return { modes: ['digits'], maxLength: 18, extraDigitKeys: ['X'] };
    case 'number':
      return { modes: ['digits'], maxLength: 12 };
    case 'date':
      return { modes: ['digits'], maxLength: 8 };
    case 'text':
    case 'address':
    case 'textarea':
    case 'select':
      if (field.validation.pattern !== undefined) {
        // A pattern of digits only (e.g. a bank account) gets the digit pad; other codes (e.g. a
        // unified social credit code) take capital letters and digits.
        return DIGITS_ONLY_PATTERN.test(field.validation.pattern)
          ? { modes: ['digits'], maxLength: 32 }
          : { modes: ['letters', 'digits'], maxLength: 32, normalise: (v) => v.toUpperCase() };
      }
      return { modes: ['pinyin', 'letters'], ...(max !== undefined ? { maxLength: max } : {}) };
    default:
      return assertNever(type, 'field type');
  }
}

/** How a field's stored value reads on screen (and on the review page). */
export function displayValue(field: FormField, value: string, format: Pick<Format, 'date' | 'number'>): string {
  if (value === '') return value;
  switch (field.type) {
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? format.date(value) : value;
    case 'phone':
      return groupDigits(value, 'phone');
    case 'idNumber':
      return value.replace(/^(\d{6})(\d{8})(\w{1,4})$/, '$1 $2 $3');
    case 'number':
      return /^\d+$/.test(value) ? format.number(Number(value)) : value;
    case 'text':
    case 'address':
    case 'textarea':
    case 'select':
      return field.validation.pattern !== undefined && DIGITS_ONLY_PATTERN.test(field.validation.pattern) ? groupDigits(value) : value;
    default:
      return assertNever(field.type, 'field type');
  }
}

/** 19800101 → 1980-01-01 as the digits come in. */
export function formatDateDigits(digits: string): string {
  const d = digits.replace(/\D/g, '').slice(0, 8);
  if (d.length <= 4) return d;
  if (d.length <= 6) return `${d.slice(0, 4)}-${d.slice(4)}`;
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`;
}

export function FormStep(props: { readonly state: ApplyState; readonly dispatch: (event: ApplyEvent) => void }) {
  const { t } = useTranslation('apply');
  const format = useFormat();
  const { state, dispatch } = props;
  const [activeKey, setActiveKey] = useState<string | undefined>();
  if (state.step.kind !== 'form' || !state.target) return null;
  const page = state.step.page;
  const pages = pagesOf(state);
  const fields = pages[page] ?? [];
  const problems = state.step.showProblems ? pageProblems(state, page) : [];
  const isBundle = state.target.kind === 'bundle';

  return (
    <div className="form" data-testid="apply-form" data-page={page}>
      {page === 0 && state.card && <CardSummary fields={cardFields(state.target)} card={state.card} />}
      {page === 0 && state.target.identity === 'declared' && (
        <p className="notice notice--warn" data-testid="declared-identity">
          {t('form.declaredIdentity')}
        </p>
      )}
      {isBundle && fields.length > 0 && <p className="notice notice--ok">{t('form.sharedNote')}</p>}
      {pages.length === 0 && <p className="lead">{t('form.noFields')}</p>}
      {pages.length > 1 && <p className="form__page">{t('form.page', { current: page + 1, total: pages.length })}</p>}
      {problems.length > 0 && (
        <p className="notice notice--error" role="alert" data-testid="form-fix-first">
          <span aria-hidden="true">⚠ </span>
          {t('form.fixFirst')}
        </p>
      )}
      {fields.map((f) => {
        const problem = problems.find((p) => p.key === f.key);
        const error = problem ? format.text(problem.message) : undefined;
        return (
          <FieldControl
            key={f.key}
            field={f}
            value={state.answers[f.key] ?? ''}
            error={error}
            reusedFrom={state.reusedAnswers[f.key] ? format.text(state.reusedAnswers[f.key]!) : undefined}
            showServes={isBundle}
            active={activeKey === f.key}
            onActivate={() => setActiveKey(f.key)}
            onDone={() => setActiveKey(undefined)}
            onChange={(value) => dispatch({ type: 'answer', key: f.key, value })}
          />
        );
      })}
    </div>
  );
}

function CardSummary(props: { readonly fields: readonly JourneyField[]; readonly card: IdCardData }) {
  const { t } = useTranslation('apply');
  const format = useFormat();
  if (props.fields.length === 0) return null;
  return (
    <section className="card card-summary" data-testid="card-summary" aria-labelledby="card-summary-title">
      <h2 id="card-summary-title" className="card-summary__title">
        <span className="badge badge--card">{t('form.fromCardBadge')}</span> {t('form.fromCard')}
      </h2>
      <dl className="card-summary__list">
        {props.fields.map((f) => (
          <div key={f.key} className="card-summary__row">
            <dt>{format.text(f.field.label)}</dt>
            <dd data-testid={`card-value-${f.key}`}>{f.field.source ? cardValue(f.field.source, props.card, format.date, (sex) => t(`form.sexes.${SEX_KEYS[sex] ?? 'other'}`, { sex })) : ''}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

interface FieldControlProps {
  readonly field: JourneyField;
  readonly value: string;
  readonly error?: string | undefined;
  readonly reusedFrom?: string | undefined;
  readonly showServes: boolean;
  readonly active: boolean;
  readonly onActivate: () => void;
  readonly onDone: () => void;
  readonly onChange: (value: string) => void;
}

function FieldControl(props: FieldControlProps) {
  const { t } = useTranslation('apply');
  const format = useFormat();
  const { field } = props.field;
  const label = format.text(field.label);
  const badges = (
    <span className="kfield__badges">
      <span className={`badge ${field.validation.required ? 'badge--required' : ''}`}>{field.validation.required ? t('form.required') : t('form.optional')}</span>
      {props.reusedFrom && (
        <span className="badge badge--reused" data-testid={`reused-${props.field.key}`}>
          ↺ {t('form.reusedBadge')}
        </span>
      )}
    </span>
  );
  const notes = [
    props.reusedFrom ? t('form.reusedFrom', { item: props.reusedFrom }) : '',
    props.showServes ? t('form.serves', { items: format.list(props.field.serves.map((s) => format.text(s))) }) : '',
    field.type === 'date' ? t('form.dateHint') : field.example ? t('form.example', { example: field.example }) : '',
  ].filter(Boolean);

  if (field.type === 'select') {
    const options = field.validation.options ?? [];
    return (
      <fieldset className={`kfield options ${props.error ? 'kfield--error' : ''}`} data-testid={`field-${props.field.key}`}>
        <legend className="kfield__label">
          {label} {badges}
        </legend>
        <div className="options__list" role="radiogroup" aria-label={label}>
          {options.map((o) => (
            <button key={o.value} type="button" role="radio" aria-checked={props.value === o.value} className={`option ${props.value === o.value ? 'option--on' : ''}`} data-testid={`option-${props.field.key}-${o.value}`} onClick={() => props.onChange(o.value)}>
              <span aria-hidden="true">{props.value === o.value ? '◉ ' : '○ '}</span>
              {format.text(o.label)}
            </button>
          ))}
        </div>
        {notes.length > 0 && <p className="kfield__hint">{notes.join(' · ')}</p>}
        {props.error && (
          <p className="kfield__error" role="alert" data-testid={`error-${props.field.key}`}>
            <span aria-hidden="true">⚠ </span>
            {props.error}
          </p>
        )}
      </fieldset>
    );
  }

  const setup = keyboardFor(field);
  const isDate = field.type === 'date';
  return (
    <KeyboardField
      id={props.field.key}
      label={label}
      value={props.value}
      display={(value) => displayValue(field, value, format)}
      {...(isDate ? { keyboardValue: props.value.replace(/-/g, '') } : {})}
      onChange={(raw) => props.onChange(isDate ? formatDateDigits(raw) : setup.normalise ? setup.normalise(raw) : raw)}
      active={props.active}
      onActivate={props.onActivate}
      onDone={props.onDone}
      modes={setup.modes}
      {...(setup.maxLength !== undefined ? { maxLength: setup.maxLength } : {})}
      {...(setup.extraDigitKeys ? { extraDigitKeys: setup.extraDigitKeys } : {})}
      placeholder={t('form.tapToType')}
      {...(notes.length > 0 ? { hint: notes.join(' · ') } : {})}
      {...(props.error ? { error: props.error } : {})}
      badges={badges}
      multiline={field.type === 'textarea'}
    />
  );
}
