// The built-in on-screen keyboard (design.md §8): digits, letters, and pinyin with Hanzi
// candidates from the pure IME engine (src-common/ime). The OS keyboard is never needed: fields
// are read-only inputs with inputMode="none", edited only through these keys.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EMPTY_IME_STATE, type ImeState, type PinyinIme } from '../../../src-common/ime/PinyinIme';

export type KeyboardMode = 'digits' | 'letters' | 'pinyin';

export interface OnScreenKeyboardProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly onDone?: () => void;
  /** Modes offered, first is the initial one (e.g. ['digits'] for a phone number). */
  readonly modes: readonly KeyboardMode[];
  readonly maxLength?: number;
  /** Extra keys for digit mode, e.g. ['X'] for ID numbers. */
  readonly extraDigitKeys?: readonly string[];
}

const DIGIT_ROWS = [['1', '2', '3'], ['4', '5', '6'], ['7', '8', '9']];
const LETTER_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'].map((r) => r.split(''));

let imePromise: Promise<PinyinIme> | undefined;
/** The pinyin table is loaded on first use, so it never weighs on the home screen. */
function loadIme(): Promise<PinyinIme> {
  return (imePromise ??= import('../../../src-common/ime/defaultPinyinTable').then((m) => m.createDefaultPinyinIme(8)));
}

export function OnScreenKeyboard(props: OnScreenKeyboardProps) {
  const { t } = useTranslation('keyboard');
  const [mode, setMode] = useState<KeyboardMode>(props.modes[0] ?? 'letters');
  const [ime, setIme] = useState<PinyinIme | undefined>();
  const [imeState, setImeState] = useState<ImeState>(EMPTY_IME_STATE);

  useEffect(() => {
    if (props.modes.includes('pinyin')) void loadIme().then(setIme);
  }, [props.modes]);

  const insert = (text: string) => {
    const next = props.value + text;
    props.onChange(props.maxLength ? Array.from(next).slice(0, props.maxLength).join('') : next);
  };
  const deleteLast = () => props.onChange(Array.from(props.value).slice(0, -1).join(''));

  const page = useMemo(() => (ime && mode === 'pinyin' && imeState.letters ? ime.candidates(imeState) : undefined), [ime, mode, imeState]);

  const pressLetter = (letter: string) => {
    if (mode === 'pinyin' && ime) {
      setImeState(ime.type(imeState, letter).state);
    } else {
      insert(letter.toUpperCase() === letter ? letter : letter);
    }
  };
  const pressBackspace = () => {
    if (mode === 'pinyin' && ime && (imeState.letters || imeState.composed)) {
      const step = ime.backspace(imeState);
      setImeState(step.state);
      if (step.deleteInField) deleteLast();
      return;
    }
    deleteLast();
  };
  const choose = (index: number) => {
    if (!ime) return;
    const step = ime.select(imeState, index);
    setImeState(step.state);
    if (step.commit) insert(step.commit);
  };
  const done = () => {
    if (ime && (imeState.letters || imeState.composed)) {
      const step = ime.commitRaw(imeState);
      setImeState(step.state);
      if (step.commit) insert(step.commit);
    }
    props.onDone?.();
  };
  const switchMode = (next: KeyboardMode) => {
    if (ime && (imeState.letters || imeState.composed)) {
      const step = ime.commitRaw(imeState);
      if (step.commit) insert(step.commit);
    }
    setImeState(EMPTY_IME_STATE);
    setMode(next);
  };

  const key = (label: string, onPress: () => void, options: { wide?: boolean; testId?: string; aria?: string; className?: string } = {}) => (
    <button
      key={options.testId ?? label}
      type="button"
      className={`kb-key ${options.wide ? 'kb-key--wide' : ''} ${options.className ?? ''}`}
      data-testid={options.testId ?? `key-${label}`}
      aria-label={options.aria ?? label}
      onClick={onPress}
    >
      {label}
    </button>
  );

  return (
    <div className="keyboard" data-testid="on-screen-keyboard" data-mode={mode}>
      {mode === 'pinyin' && (
        <div className="kb-candidates" aria-label={t('candidates')} data-testid="kb-candidates">
          <span className="kb-composing" aria-label={t('composing')} data-testid="kb-composing">
            {imeState.composed}
            {imeState.letters}
          </span>
          {page?.candidates.map((c, i) => key(c.text, () => choose(i), { testId: `candidate-${i}`, className: 'kb-key--candidate' }))}
          {page && page.pageCount > 1 && (
            <>
              {key('‹', () => ime && setImeState(ime.previousPage(imeState).state), { aria: t('previous'), testId: 'kb-prev' })}
              {key('›', () => ime && setImeState(ime.nextPage(imeState).state), { aria: t('next'), testId: 'kb-next' })}
            </>
          )}
        </div>
      )}
      {mode === 'digits' ? (
        <div className="kb-grid kb-grid--digits">
          {DIGIT_ROWS.map((row, r) => (
            <div className="kb-row" key={r}>
              {row.map((d) => key(d, () => insert(d)))}
            </div>
          ))}
          <div className="kb-row">
            {(props.extraDigitKeys ?? []).map((k) => key(k, () => insert(k)))}
            {key('0', () => insert('0'))}
            {key('⌫', pressBackspace, { aria: t('backspace'), testId: 'key-backspace' })}
          </div>
        </div>
      ) : (
        <div className="kb-grid">
          <div className="kb-row">{'1234567890'.split('').map((d) => key(d, () => insert(d)))}</div>
          {LETTER_ROWS.map((row, r) => (
            <div className="kb-row" key={r}>
              {row.map((l) => key(l, () => pressLetter(l)))}
              {r === 2 && key('⌫', pressBackspace, { aria: t('backspace'), testId: 'key-backspace' })}
            </div>
          ))}
          <div className="kb-row">
            {key('-', () => insert('-'))}
            {key(t('space'), () => insert(' '), { wide: true, testId: 'key-space' })}
            {key('·', () => insert('·'))}
          </div>
        </div>
      )}
      <div className="kb-row kb-row--actions">
        {props.modes.length > 1 &&
          props.modes.map((m) => (
            <button
              key={m}
              type="button"
              className={`kb-key kb-key--mode ${m === mode ? 'kb-key--active' : ''}`}
              aria-pressed={m === mode}
              aria-label={t('modeAria', { mode: t(`modes.${m}`) })}
              data-testid={`kb-mode-${m}`}
              onClick={() => switchMode(m)}
            >
              {t(`modes.${m}`)}
            </button>
          ))}
        <button type="button" className="kb-key kb-key--mode" data-testid="kb-clear" onClick={() => { setImeState(EMPTY_IME_STATE); props.onChange(''); }}>
          {t('clear')}
        </button>
        <button type="button" className="kb-key kb-key--done" data-testid="kb-done" onClick={done}>
          {t('done')}
        </button>
      </div>
    </div>
  );
}
