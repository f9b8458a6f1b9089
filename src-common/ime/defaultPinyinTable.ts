// The generated table (scripts/build-pinyin-table.mjs) as a ready index, built on first use.
import data from './pinyinTable.json';
import { PinyinIndex, type PinyinTableData } from './pinyinTable';
import { PinyinIme } from './PinyinIme';

let index: PinyinIndex | undefined;

export function defaultPinyinIndex(): PinyinIndex {
  return (index ??= new PinyinIndex(data as PinyinTableData));
}

export function createDefaultPinyinIme(pageSize?: number): PinyinIme {
  return new PinyinIme(defaultPinyinIndex(), pageSize);
}
