// Search over the offered catalog by Chinese text, pinyin initials (`bdc` → 不动产…) and full
// pinyin (`kaiban` → 开办…). The pinyin of every name and keyword is computed once at load
// (pinyin-pro), so a keystroke is a scan of precomputed strings.
import { pinyin } from 'pinyin-pro';
import type { BilingualText } from '../../../src-common/forms/formSchema';
import type { Department, MatchKind, SearchResult } from '../../../src-common/api/catalog';

export interface Searchable {
  readonly kind: 'item' | 'bundle';
  readonly id: string;
  readonly name: BilingualText;
  readonly department?: Department;
  readonly keywords: readonly string[];
}

interface PinyinForm {
  /** Syllables joined without separators, e.g. `budongchan`. */
  readonly full: string;
  /** Offsets in `full` where a syllable starts: a pinyin match must start at one. */
  readonly starts: ReadonlySet<number>;
  /** First letter of each syllable, e.g. `bdc`. */
  readonly initials: string;
}

interface IndexedEntry {
  readonly entry: Searchable;
  /** Lower-cased once (names may hold Latin letters, e.g. 'B超'). */
  readonly nameZh: string;
  readonly nameEn: string;
  readonly otherText: string;
  readonly namePinyin: PinyinForm;
  readonly keywordPinyin: readonly PinyinForm[];
}

/** Lower is better; ties keep name order stable by length then id. */
const SCORE: Readonly<Record<MatchKind, number>> = { name: 0, keyword: 2, initials: 3, pinyin: 4 };

function pinyinForm(text: string): PinyinForm {
  const syllables = pinyin(text.replace(/[^\p{Script=Han}]/gu, ''), { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase());
  const starts = new Set<number>();
  let full = '';
  for (const s of syllables) {
    starts.add(full.length);
    full += s;
  }
  return { full, starts, initials: syllables.map((s) => s[0] ?? '').join('') };
}

function pinyinMatch(form: PinyinForm, query: string): { kind: MatchKind; position: number } | undefined {
  const initialsAt = form.initials.indexOf(query);
  if (initialsAt >= 0 && query.length >= 2) return { kind: 'initials', position: initialsAt };
  for (let at = form.full.indexOf(query); at >= 0; at = form.full.indexOf(query, at + 1)) {
    if (form.starts.has(at)) return { kind: 'pinyin', position: at };
  }
  return undefined;
}

export class CatalogSearchIndex {
  private readonly entries: IndexedEntry[];

  constructor(entries: readonly Searchable[]) {
    this.entries = entries.map((entry) => ({
      entry,
      nameZh: entry.name.zh.toLowerCase(),
      nameEn: entry.name.en.toLowerCase(),
      otherText: [...entry.keywords, entry.department?.name.zh ?? ''].join('\u0001'),
      namePinyin: pinyinForm(entry.name.zh),
      keywordPinyin: entry.keywords.map(pinyinForm),
    }));
  }

  get size(): number {
    return this.entries.length;
  }

  search(text: string, limit: number): SearchResult[] {
    const query = text.trim().toLowerCase().replace(/[\s']/g, '');
    if (query === '') return [];
    const latin = /^[a-z]+$/.test(query);
    const hits: Array<{ entry: Searchable; kind: MatchKind; score: number }> = [];
    for (const indexed of this.entries) {
      const hit = this.match(indexed, query, latin);
      if (hit) hits.push({ entry: indexed.entry, ...hit });
    }
    hits.sort((a, b) => a.score - b.score || a.entry.name.zh.length - b.entry.name.zh.length || a.entry.id.localeCompare(b.entry.id));
    return hits.slice(0, limit).map(({ entry, kind }) => ({
      kind: entry.kind,
      id: entry.id,
      name: entry.name,
      ...(entry.department ? { department: entry.department } : {}),
      matchedBy: kind,
    }));
  }

  private match(indexed: IndexedEntry, query: string, latin: boolean): { kind: MatchKind; score: number } | undefined {
    const at = indexed.nameZh.indexOf(query);
    // Bundles first among equals: 一件事 saves the citizen the most trips.
    const bundleBonus = indexed.entry.kind === 'bundle' ? -0.5 : 0;
    if (at >= 0) return { kind: 'name', score: SCORE.name + (at === 0 ? 0 : 1) + bundleBonus };
    if (!latin) {
      return indexed.otherText.includes(query) ? { kind: 'keyword', score: SCORE.keyword + bundleBonus } : undefined;
    }
    const onName = pinyinMatch(indexed.namePinyin, query);
    if (onName) return { kind: onName.kind, score: SCORE[onName.kind] + (onName.position === 0 ? 0 : 0.5) + bundleBonus };
    for (const form of indexed.keywordPinyin) {
      const onKeyword = pinyinMatch(form, query);
      if (onKeyword) return { kind: onKeyword.kind, score: SCORE[onKeyword.kind] + 1 + (onKeyword.position === 0 ? 0 : 0.5) + bundleBonus };
    }
    // English names, for the English UI (words of three letters or more).
    if (query.length >= 3 && indexed.nameEn.includes(query)) return { kind: 'name', score: SCORE.pinyin + 2 };
    return undefined;
  }
}
