// The pure pinyin input method of the on-screen keyboard.
export * from './pinyinTable';
export * from './segmentPinyin';
export * from './PinyinIme';
export * from './defaultPinyinTable';
