// Strings of the on-screen keyboard.
export const zh = {
  modes: { digits: '数字', letters: '英文', pinyin: '拼音' },
  space: '空格',
  backspace: '删除',
  clear: '清空',
  done: '完成',
  previous: '上一页',
  next: '下一页',
  candidates: '候选字',
  composing: '正在输入',
  modeAria: '切换到{{mode}}键盘',
};
export const en: typeof zh = {
  modes: { digits: '123', letters: 'ABC', pinyin: 'Pinyin' },
  space: 'Space',
  backspace: 'Delete',
  clear: 'Clear',
  done: 'Done',
  previous: 'Previous',
  next: 'Next',
  candidates: 'Candidates',
  composing: 'Typing',
  modeAria: 'Switch to the {{mode}} keyboard',
};
