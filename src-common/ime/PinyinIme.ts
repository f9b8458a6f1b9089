// The on-screen keyboard's pinyin input method: typed letters → syllables → hanzi candidates,
// paging, selection that consumes the matched syllables, and backspace that undoes step by step.
// Pure: every operation takes a state and returns a new one; the renderer holds the state.
import type { PinyinIndex, WordEntry } from './pinyinTable';
import { segmentPinyin, type PinyinSegment } from './segmentPinyin';

export interface ImeState {
  /** Letters typed and not yet converted; `'` is a syllable break the citizen typed. */
  readonly letters: string;
  /** Hanzi chosen so far in this composition, not yet given to the field. */
  readonly composed: string;
  /** One entry per selection, so backspace can give the letters back. */
  readonly history: ReadonlyArray<{ readonly lettersBefore: string; readonly text: string }>;
  /** Zero-based candidate page. */
  readonly page: number;
}

export interface Candidate {
  readonly text: string;
  /** How many syllables (from the start) choosing it consumes. */
  readonly consumes: number;
}

export interface CandidatePage {
  readonly candidates: readonly Candidate[];
  readonly page: number;
  readonly pageCount: number;
}

/** What a key press did. `commit` is text to insert into the field now. */
export interface ImeStep {
  readonly state: ImeState;
  readonly commit?: string;
  /** Backspace with nothing being composed: the field should delete its last character. */
  readonly deleteInField?: boolean;
}

/** Eight fits one row of 64 px touch targets on a 1080-wide portrait screen. */
export const DEFAULT_PAGE_SIZE = 8;
/** Typed letters beyond this are refused: no name or address syllable run is this long. */
export const MAX_LETTERS = 48;

export const EMPTY_IME_STATE: ImeState = { letters: '', composed: '', history: [], page: 0 };

export class PinyinIme {
  private readonly candidateCache = new Map<string, Candidate[]>();
  /** The region's words (config `ui.regionalWords`): offered before others that consume as many syllables. */
  private readonly preferred: ReadonlySet<string>;
  /** Regional words of two or more characters the table lacks (下陆, 西塞山), with their readings. */
  private readonly regionalWords: readonly WordEntry[];

  constructor(
    private readonly index: PinyinIndex,
    private readonly pageSize = DEFAULT_PAGE_SIZE,
    preferredWords: readonly string[] = [],
  ) {
    this.preferred = new Set(preferredWords);
    this.regionalWords = preferredWords
      .filter((word) => [...word].length >= 2)
      .flatMap((word) => index.readingsOf(word).map((syllables) => ({ text: word, syllables, rank: -1 })));
  }

  /** A letter a–z or the syllable break `'`; anything else is ignored. */
  type(state: ImeState, key: string): ImeStep {
    const k = key.toLowerCase();
    if (!/^[a-z']$/.test(k) || state.letters.length >= MAX_LETTERS) return { state };
    if (k === "'" && (state.letters === '' || state.letters.endsWith("'"))) return { state };
    return { state: { ...state, letters: state.letters + k, page: 0 } };
  }

  backspace(state: ImeState): ImeStep {
    if (state.letters !== '') return { state: { ...state, letters: state.letters.slice(0, -1), page: 0 } };
    const last = state.history.at(-1);
    if (last) {
      return { state: { letters: last.lettersBefore, composed: state.composed.slice(0, state.composed.length - last.text.length), history: state.history.slice(0, -1), page: 0 } };
    }
    return { state, deleteInField: true };
  }

  segments(state: ImeState): PinyinSegment[] {
    return segmentPinyin(this.index, state.letters);
  }

  /** All candidates for the letters, best first. */
  allCandidates(state: ImeState): readonly Candidate[] {
    const segments = this.segments(state);
    if (segments.length === 0) return [];
    const key = segments.map((s) => `${s.text}${s.complete ? '' : '*'}`).join("'");
    let found = this.candidateCache.get(key);
    if (!found) {
      found = this.computeCandidates(segments);
      this.candidateCache.set(key, found);
    }
    return found;
  }

  candidates(state: ImeState): CandidatePage {
    const all = this.allCandidates(state);
    const pageCount = Math.max(1, Math.ceil(all.length / this.pageSize));
    const page = Math.min(state.page, pageCount - 1);
    return { candidates: all.slice(page * this.pageSize, (page + 1) * this.pageSize), page, pageCount };
  }

  nextPage(state: ImeState): ImeStep {
    const { page, pageCount } = this.candidates(state);
    return { state: { ...state, page: Math.min(page + 1, pageCount - 1) } };
  }

  previousPage(state: ImeState): ImeStep {
    return { state: { ...state, page: Math.max(0, state.page - 1) } };
  }

  /** Chooses a candidate of the current page; commits when no letters are left. */
  select(state: ImeState, indexOnPage: number): ImeStep {
    const candidate = this.candidates(state).candidates[indexOnPage];
    if (!candidate) return { state };
    const remaining = this.segments(state).slice(candidate.consumes).map((s) => s.text).join("'");
    const composed = state.composed + candidate.text;
    if (remaining === '') return { state: EMPTY_IME_STATE, commit: composed };
    return { state: { letters: remaining, composed, history: [...state.history, { lettersBefore: state.letters, text: candidate.text }], page: 0 } };
  }

  /** Enter: gives the field what was chosen plus the raw letters (for typing Latin text). */
  commitRaw(state: ImeState): ImeStep {
    const text = state.composed + state.letters.replace(/'/g, '');
    return text === '' ? { state: EMPTY_IME_STATE } : { state: EMPTY_IME_STATE, commit: text };
  }

  private computeCandidates(segments: readonly PinyinSegment[]): Candidate[] {
    const out: Candidate[] = [];
    const seen = new Set<string>();
    const push = (text: string, consumes: number) => {
      if (seen.has(text)) return;
      seen.add(text);
      out.push({ text, consumes });
    };
    for (const word of this.matchingWords(segments)) push(word.text, word.syllables.length);
    const first = segments[0]!;
    const onlyOne = segments.length === 1;
    if (first.complete) {
      for (const ch of this.index.charsOf(first.text)) push(ch, 1);
      // The citizen may still be typing (`huan` → `huang`): offer the longer syllables' characters after.
      if (onlyOne) for (const ch of this.index.charsStartingWith(first.text)) push(ch, 1);
    } else {
      for (const ch of this.index.charsStartingWith(first.text)) push(ch, 1);
    }
    if (this.preferred.size === 0) return out;
    // Among candidates that consume as many syllables, the region's own words come first (鄂 for `e` in Hubei).
    return out
      .map((candidate, position) => ({ candidate, position, preferred: this.preferred.has(candidate.text) }))
      .sort((a, b) => b.candidate.consumes - a.candidate.consumes || Number(b.preferred) - Number(a.preferred) || a.position - b.position)
      .map((entry) => entry.candidate);
  }

  /** Words of two or more syllables matching the first syllables; all-syllable matches first. */
  private matchingWords(segments: readonly PinyinSegment[]) {
    const matches = (segment: PinyinSegment, syllable: string, isLastTyped: boolean) =>
      segment.complete && !isLastTyped ? syllable === segment.text : syllable.startsWith(segment.text);
    const first = segments[0]!;
    const firstSyllables = first.complete && segments.length > 1 ? [first.text] : this.index.syllablesStartingWith(first.text);
    const firstSet = new Set(firstSyllables);
    const regional = this.regionalWords.filter((word) => firstSet.has(word.syllables[0]!));
    const found = [...regional, ...this.index.wordsStartingWith(firstSyllables)].filter((word) => {
      if (word.syllables.length < 2 || word.syllables.length > segments.length) return false;
      return word.syllables.every((syllable, i) => matches(segments[i]!, syllable, i === segments.length - 1));
    });
    return found.sort((a, b) => b.syllables.length - a.syllables.length || a.rank - b.rank);
  }
}
