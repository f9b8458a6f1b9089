// The generated table (scripts/build-pinyin-table.mjs) as a ready index, built on first use.
import data from './pinyinTable.json';
import { PinyinIndex, type PinyinTableData } from './pinyinTable';
import { PinyinIme } from './PinyinIme';

let index: PinyinIndex | undefined;

export function defaultPinyinIndex(): PinyinIndex {
  return (index ??= new PinyinIndex(data as PinyinTableData));
}

/** The keyboard's IME; `regionalWords` (config `ui.regionalWords`) are offered first where they match. */
export function createDefaultPinyinIme(pageSize?: number, regionalWords: readonly string[] = []): PinyinIme {
  return new PinyinIme(defaultPinyinIndex(), pageSize, regionalWords);
}
