// Splits typed letters into pinyin syllables: `zhangsan` → zhang|san, `bdc` → b|d|c (initials),
// `xi'an` → xi|an (the apostrophe forces a break). Dynamic programming over the letters picks
// the split with the fewest pieces, preferring whole syllables to partly typed ones.
import type { PinyinIndex } from './pinyinTable';

export interface PinyinSegment {
  readonly text: string;
  /** False when the piece is only the start of a syllable (`zh`, `b`): it matches any syllable it begins. */
  readonly complete: boolean;
}

/** A whole syllable costs one; a partly typed one much more, so `zhangsan` never splits as zh|ang|san. */
const COST_COMPLETE = 1;
const COST_PARTIAL = 10;
/** A syllable starting with a vowel after another syllable is usually a mis-split (fangan → fan|gan). */
const COST_VOWEL_START = 0.5;

export function segmentPinyin(index: PinyinIndex, typed: string): PinyinSegment[] {
  const out: PinyinSegment[] = [];
  for (const chunk of typed.toLowerCase().split("'")) {
    if (chunk !== '') out.push(...segmentChunk(index, chunk));
  }
  return out;
}

function segmentChunk(index: PinyinIndex, letters: string): PinyinSegment[] {
  const n = letters.length;
  const best: Array<{ cost: number; from: number; complete: boolean } | undefined> = new Array(n + 1);
  best[0] = { cost: 0, from: -1, complete: true };
  for (let end = 1; end <= n; end++) {
    for (let start = Math.max(0, end - index.longestSyllable); start < end; start++) {
      const before = best[start];
      if (!before) continue;
      const piece = letters.slice(start, end);
      const complete = index.isSyllable(piece);
      if (!complete && !index.isSyllablePrefix(piece)) continue;
      const cost = before.cost + (complete ? COST_COMPLETE : COST_PARTIAL) + (start > 0 && /^[aeo]/.test(piece) ? COST_VOWEL_START : 0);
      const current = best[end];
      if (!current || cost < current.cost) best[end] = { cost, from: start, complete };
    }
    // A letter that starts no syllable at all (e.g. a stray `v` or `i` at the start) stands alone.
    if (!best[end]) best[end] = { cost: (best[end - 1]?.cost ?? 0) + COST_PARTIAL * 2, from: end - 1, complete: false };
  }
  const pieces: PinyinSegment[] = [];
  for (let end = n; end > 0; ) {
    const step = best[end]!;
    pieces.push({ text: letters.slice(step.from, end), complete: step.complete });
    end = step.from;
  }
  return pieces.reverse();
}
