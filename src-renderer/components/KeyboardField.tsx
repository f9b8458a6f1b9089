// A form field the citizen fills with the built-in on-screen keyboard (design.md §8): a
// read-only input with inputMode="none", so the OS keyboard never opens; tapping it opens the
// keyboard in the dock at the bottom and scrolls the field into view above it (defect 4). The
// label, the error (with its fix) and the hints are tied to the input for screen readers; an
// error is marked by text and an icon, not by colour alone. Long numbers show grouped (defect 11).
import { useEffect, useRef, type ReactNode } from 'react';
import { OnScreenKeyboard, type KeyboardMode } from './keyboard/OnScreenKeyboard';

export interface KeyboardFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly active: boolean;
  readonly onActivate: () => void;
  readonly onDone: () => void;
  readonly modes: readonly KeyboardMode[];
  readonly maxLength?: number;
  readonly extraDigitKeys?: readonly string[];
  /** The text the keyboard edits, when it differs from what is stored (e.g. a date's digits). */
  readonly keyboardValue?: string;
  /** How the value reads on screen (digits grouped); the stored value is unchanged. */
  readonly display?: (value: string) => string;
  readonly placeholder?: string;
  readonly error?: string;
  readonly hint?: string;
  /** Badges and notes shown beside the label (required, reused from an earlier item, …). */
  readonly badges?: ReactNode;
  readonly multiline?: boolean;
}

export function KeyboardField(props: KeyboardFieldProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const describedBy = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  // Once the keyboard has taken its place in the dock, bring the field into view above it.
  useEffect(() => {
    if (!props.active) return;
    const frame = requestAnimationFrame(() => inputRef.current?.scrollIntoView({ block: 'nearest' }));
    return () => cancelAnimationFrame(frame);
  }, [props.active]);
  return (
    <div className={`kfield ${props.active ? 'kfield--active' : ''} ${props.error ? 'kfield--error' : ''}`} data-testid={`field-${props.id}`}>
      <div className="kfield__head">
        <label className="kfield__label" htmlFor={`input-${props.id}`}>
          {props.label}
        </label>
        {props.badges}
      </div>
      <input
        ref={inputRef}
        id={`input-${props.id}`}
        className={`kfield__input ${props.multiline ? 'kfield__input--multiline' : ''}`}
        data-testid={`input-${props.id}`}
        readOnly
        inputMode="none"
        autoComplete="off"
        value={props.display ? props.display(props.value) : props.value}
        placeholder={props.placeholder}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
        onClick={props.onActivate}
        onFocus={props.onActivate}
      />
      {props.hint && (
        <p className="kfield__hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p className="kfield__error" id={`${props.id}-error`} role="alert" data-testid={`error-${props.id}`}>
          <span aria-hidden="true">⚠ </span>
          {props.error}
        </p>
      )}
      {props.active && (
        <OnScreenKeyboard
          value={props.keyboardValue ?? props.value}
          onChange={props.onChange}
          onDone={props.onDone}
          modes={props.modes}
          label={props.label}
          {...(props.maxLength !== undefined ? { maxLength: props.maxLength } : {})}
          {...(props.extraDigitKeys ? { extraDigitKeys: props.extraDigitKeys } : {})}
        />
      )}
    </div>
  );
}
