// The built-in on-screen keyboard (design.md §8): digits, letters, and pinyin with Hanzi
// candidates from the pure IME engine (src-common/ime), the region's words first. The OS keyboard
// is never needed: fields are read-only inputs with inputMode="none", edited only through these
// keys. Inside a journey it opens in the dock at the bottom of the screen (KeyboardDock.tsx).
import { useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { EMPTY_IME_STATE, type ImeState, type PinyinIme } from '../../../src-common/ime/PinyinIme';
import { useKiosk } from '../../app/KioskContext';
import { useKeyboardDock } from './KeyboardDock';

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
  /** What the keyboard types into, for screen readers ("正在输入:联系电话"). */
  readonly label?: string;
}

const DIGIT_ROWS = [['1', '2', '3'], ['4', '5', '6'], ['7', '8', '9']];
const LETTER_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'].map((r) => r.split(''));
/** Parentheses for certificate numbers like 鄂(2024)…: full-width when typing Chinese, ASCII otherwise. */
const PARENTHESES: Readonly<Record<'letters' | 'pinyin', readonly [string, string]>> = { pinyin: ['（', '）'], letters: ['(', ')'] };

let loaded: { words: string; ime: Promise<PinyinIme> } | undefined;
/** The pinyin table is loaded on first use, so it never weighs on the home screen. */
function loadIme(regionalWords: readonly string[]): Promise<PinyinIme> {
  const words = regionalWords.join('\u0000');
  if (loaded?.words !== words) {
    loaded = { words, ime: import('../../../src-common/ime/defaultPinyinTable').then((m) => m.createDefaultPinyinIme(8, regionalWords)) };
  }
  return loaded.ime;
}

export function OnScreenKeyboard(props: OnScreenKeyboardProps) {
  const { t } = useTranslation('keyboard');
  const regionalWords = useKiosk().status.ui.regionalWords;
  const dock = useKeyboardDock();
  const [mode, setMode] = useState<KeyboardMode>(props.modes[0] ?? 'letters');
  const [ime, setIme] = useState<PinyinIme | undefined>();
  const [imeState, setImeState] = useState<ImeState>(EMPTY_IME_STATE);

  useEffect(() => {
    if (!props.modes.includes('pinyin')) return;
    let live = true;
    void loadIme(regionalWords).then((loadedIme) => live && setIme(loadedIme));
    return () => {
      live = false;
    };
  }, [props.modes, regionalWords]);

  const insert = (text: string) => {
    const next = props.value + text;
    props.onChange(props.maxLength ? Array.from(next).slice(0, props.maxLength).join('') : next);
  };
  const deleteLast = () => props.onChange(Array.from(props.value).slice(0, -1).join(''));

  const page = useMemo(() => (ime && mode === 'pinyin' && imeState.letters ? ime.candidates(imeState) : undefined), [ime, mode, imeState]);

  const pressLetter = (letter: string) => {
    if (mode !== 'pinyin') return insert(letter);
    // Letters typed before the table finished loading are kept and converted once it is there.
    setImeState((state) => (ime ? ime.type(state, letter).state : { ...state, letters: state.letters + letter, page: 0 }));
  };
  const pressBackspace = () => {
    if (mode === 'pinyin' && (imeState.letters || imeState.composed)) {
      if (!ime) return setImeState((state) => ({ ...state, letters: state.letters.slice(0, -1) }));
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
  /** Gives the field what is being composed (as typed), then `extra`, in one edit. */
  const commitComposition = (extra = '') => {
    const composed = imeState.letters || imeState.composed ? ((ime ? ime.commitRaw(imeState).commit : imeState.composed + imeState.letters) ?? '') : '';
    setImeState(EMPTY_IME_STATE);
    if (composed + extra) insert(composed + extra);
  };
  const done = () => {
    commitComposition();
    props.onDone?.();
  };
  const switchMode = (next: KeyboardMode) => {
    commitComposition();
    setMode(next);
  };

  const key = (label: string, onPress: () => void, options: { testId?: string; aria?: string; className?: string } = {}) => (
    <button
      key={options.testId ?? label}
      type="button"
      className={`kb-key ${options.className ?? ''}`}
      data-testid={options.testId ?? `key-${label}`}
      aria-label={options.aria ?? label}
      onClick={onPress}
    >
      {label}
    </button>
  );
  const composing = imeState.composed + imeState.letters;
  const [open, close] = PARENTHESES[mode === 'pinyin' ? 'pinyin' : 'letters'];

  const keyboard = (
    <div className="keyboard" data-testid="on-screen-keyboard" data-mode={mode} role="group" aria-label={props.label ? t('typingInto', { field: props.label }) : t('title')}>
      {mode === 'pinyin' && (
        <div className="kb-candidates" role="group" aria-label={t('candidates')} data-testid="kb-candidates">
          {composing ? (
            <span className="kb-composing" aria-label={t('composing')} data-testid="kb-composing">
              {composing}
            </span>
          ) : (
            <span className="kb-candidates__hint">{t('pinyinHint')}</span>
          )}
          <span className="kb-candidates__list">{page?.candidates.map((c, i) => key(c.text, () => choose(i), { testId: `candidate-${i}`, className: 'kb-key--candidate' }))}</span>
          {page && page.pageCount > 1 && (
            <span className="kb-candidates__pages">
              {key('‹', () => ime && setImeState(ime.previousPage(imeState).state), { aria: t('previous'), testId: 'kb-prev' })}
              {key('›', () => ime && setImeState(ime.nextPage(imeState).state), { aria: t('next'), testId: 'kb-next' })}
            </span>
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
              {r === 2 && key('⌫', pressBackspace, { aria: t('backspace'), testId: 'key-backspace', className: 'kb-key--wide' })}
            </div>
          ))}
          <div className="kb-row">
            {key(open, () => commitComposition(open), { testId: 'key-paren-open', aria: t('parenOpen') })}
            {key('-', () => insert('-'), { aria: t('dash') })}
            {key(t('space'), () => insert(' '), { testId: 'key-space', className: 'kb-key--space' })}
            {key('·', () => insert('·'), { aria: t('middleDot') })}
            {key(close, () => commitComposition(close), { testId: 'key-paren-close', aria: t('parenClose') })}
          </div>
        </div>
      )}
      <div className="kb-row kb-row--actions">
        <span className="kb-row__modes">
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
          <button
            type="button"
            className="kb-key kb-key--mode"
            data-testid="kb-clear"
            onClick={() => {
              setImeState(EMPTY_IME_STATE);
              props.onChange('');
            }}
          >
            {t('clear')}
          </button>
        </span>
        {props.onDone && (
          <button type="button" className="kb-key kb-key--done" data-testid="kb-done" onClick={done}>
            {t('done')}
          </button>
        )}
      </div>
    </div>
  );
  return dock ? createPortal(keyboard, dock) : keyboard;
}
