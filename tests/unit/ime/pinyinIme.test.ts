// The on-screen keyboard's pinyin engine over the generated table: segmentation, candidates,
// paging, selection that consumes syllables, backspace and raw commit.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDefaultPinyinIme, defaultPinyinIndex } from '../../../src-common/ime/defaultPinyinTable';
import { EMPTY_IME_STATE, PinyinIme, type ImeState } from '../../../src-common/ime/PinyinIme';
import { PinyinIndex } from '../../../src-common/ime/pinyinTable';
import { segmentPinyin } from '../../../src-common/ime/segmentPinyin';

const ime = createDefaultPinyinIme();
const index = defaultPinyinIndex();

function typed(letters: string, start: ImeState = EMPTY_IME_STATE): ImeState {
  let state = start;
  for (const key of letters) state = ime.type(state, key).state;
  return state;
}
const split = (letters: string) => segmentPinyin(index, letters).map((s) => (s.complete ? s.text : `${s.text}*`)).join('|');
const firstTexts = (letters: string, n = 8) => ime.candidates(typed(letters)).candidates.slice(0, n).map((c) => c.text);

describe('generated pinyin table', () => {
  const file = path.resolve(__dirname, '../../../src-common/ime/pinyinTable.json');

  it('is small enough to commit and covers all of GB2312 levels 1 and 2', () => {
    expect(fs.statSync(file).size).toBeLessThan(300 * 1024);
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { order: string; chars: Record<string, string> };
    expect([...data.order]).toHaveLength(6763);
    const covered = new Set(Object.values(data.chars).flatMap((s) => [...s]));
    expect(covered.size).toBe(6763);
    expect(index.syllables.size).toBeGreaterThan(380);
    expect(index.isSyllable('lv')).toBe(true); // ü is typed as v
  });

  it('is what the build script produces from the installed pinyin-pro and the sample catalog', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pinyin-table-')), 'table.json');
    execFileSync(process.execPath, [path.resolve(__dirname, '../../../scripts/build-pinyin-table.mjs'), out]);
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(file, 'utf8'));
  });
});

describe('segmentation', () => {
  it('splits typed letters into syllables', () => {
    expect(split('zhangsan')).toBe('zhang|san');
    expect(split('huangshi')).toBe('huang|shi');
    expect(split('shenfenzheng')).toBe('shen|fen|zheng');
    expect(split('xian')).toBe('xian');
    expect(split("xi'an")).toBe('xi|an');
    expect(split('nihaoa')).toBe('ni|hao|a');
  });

  it('treats letters that only start a syllable as partial (initials)', () => {
    expect(split('bdc')).toBe('b*|d*|c*');
    expect(split('zh')).toBe('zh*');
    expect(split('zhangs')).toBe('zhang|s*');
  });
});

describe('candidates', () => {
  it('`ni` offers 你, `zhang` offers 张, `huangshi` offers 黄石, first', () => {
    expect(firstTexts('ni')[0]).toBe('你');
    expect(firstTexts('zhang')[0]).toBe('张');
    expect(firstTexts('huangshi')[0]).toBe('黄石');
  });

  it('offers whole words before single characters and words by initials', () => {
    expect(firstTexts('shenfenzheng')[0]).toBe('身份证');
    expect(firstTexts('bdc')[0]).toBe('不动产');
    expect(firstTexts('kaiban')[0]).toBe('开办');
    expect(firstTexts('dy')).toContain('大冶');
    expect(firstTexts('yangxinxian')[0]).toBe('阳新县');
  });

  it('orders characters by commonness, a main reading before a rare one', () => {
    expect(firstTexts('de')[0]).toBe('的');
    expect(firstTexts('di').indexOf('的')).toBe(-1); // 的 reads dí/dì only in 的确 and 目的: far down the list
    expect(firstTexts('shi', 3)).toContain('是');
    expect(firstTexts('lv', 8)).toContain('绿');
  });

  it('pages through candidates and clamps at both ends', () => {
    let state = typed('shi');
    const first = ime.candidates(state);
    expect(first.candidates).toHaveLength(8);
    expect(first.pageCount).toBeGreaterThan(5);
    state = ime.nextPage(state).state;
    const second = ime.candidates(state);
    expect(second.page).toBe(1);
    expect(second.candidates.some((c) => first.candidates.some((f) => f.text === c.text))).toBe(false);
    state = ime.previousPage(ime.previousPage(state).state).state;
    expect(ime.candidates(state).page).toBe(0);
    for (let i = 0; i < first.pageCount + 3; i++) state = ime.nextPage(state).state;
    expect(ime.candidates(state).page).toBe(first.pageCount - 1);
  });
});

describe('selection and editing', () => {
  it('selecting a character consumes its syllable and keeps composing; the last one commits', () => {
    let state = typed('zhangsan');
    const zhang = ime.candidates(state).candidates.findIndex((c) => c.text === '张');
    let step = ime.select(state, zhang);
    expect(step.commit).toBeUndefined();
    expect(step.state).toMatchObject({ letters: 'san', composed: '张' });
    state = step.state;
    const san = ime.candidates(state).candidates.findIndex((c) => c.text === '三');
    step = ime.select(state, san);
    expect(step.commit).toBe('张三');
    expect(step.state).toEqual(EMPTY_IME_STATE);
  });

  it('selecting a word consumes all its syllables at once', () => {
    const step = ime.select(typed('huangshigang'), 0);
    expect(ime.candidates(typed('huangshigang')).candidates[0]!.text).toBe('黄石港');
    expect(step.commit).toBe('黄石港');
  });

  it('backspace removes letters, then undoes a selection, then deletes in the field', () => {
    let state = typed('nihao');
    state = ime.backspace(state).state;
    expect(state.letters).toBe('niha');
    state = typed('o', state);
    const ni = ime.candidates(state).candidates.findIndex((c) => c.text === '你');
    state = ime.select(state, ni).state;
    expect(state).toMatchObject({ letters: 'hao', composed: '你' });
    state = ime.backspace(state).state; // hao → ha
    state = ime.backspace(ime.backspace(state).state).state; // ha → h → ''
    expect(state.letters).toBe('');
    state = ime.backspace(state).state; // undo the selection: letters come back
    expect(state).toMatchObject({ letters: 'nihao', composed: '' });
    const empty = ime.backspace(EMPTY_IME_STATE);
    expect(empty.deleteInField).toBe(true);
  });

  it('ignores keys that are not letters, a leading apostrophe, and input past the limit', () => {
    expect(ime.type(EMPTY_IME_STATE, '1').state).toBe(EMPTY_IME_STATE);
    expect(ime.type(EMPTY_IME_STATE, "'").state).toBe(EMPTY_IME_STATE);
    expect(typed('N').letters).toBe('n');
    expect(typed('a'.repeat(100)).letters.length).toBe(48);
  });

  it('Enter commits what was chosen plus the raw letters', () => {
    let state = typed('woshi');
    state = ime.select(state, ime.candidates(state).candidates.findIndex((c) => c.text === '我')).state;
    expect(ime.commitRaw(state)).toEqual({ state: EMPTY_IME_STATE, commit: '我shi' });
    expect(ime.commitRaw(EMPTY_IME_STATE).commit).toBeUndefined();
  });

  it('works over any table with the same shape (pure engine)', () => {
    const tiny = new PinyinIme(new PinyinIndex({ version: 1, source: 'test', order: '石十黄', chars: { shi: '石十', huang: '黄' }, words: ["huang'shi=黄石"] }), 2);
    const state = ['h', 'u', 'a', 'n', 'g', 's', 'h', 'i'].reduce((s, k) => tiny.type(s, k).state, EMPTY_IME_STATE);
    expect(tiny.candidates(state)).toEqual({ candidates: [{ text: '黄石', consumes: 2 }, { text: '黄', consumes: 1 }], page: 0, pageCount: 1 });
  });
});

describe('regional words (config ui.regionalWords)', () => {
  const hubei = createDefaultPinyinIme(8, ['鄂', '黄石', '蕲春', '神农架', '大冶']);
  const first = (engine: PinyinIme, letters: string) => {
    let state = EMPTY_IME_STATE;
    for (const key of letters) state = engine.type(state, key).state;
    return engine.candidates(state).candidates.map((c) => c.text);
  };

  it('puts 鄂 first for `e` at a Hubei kiosk, where the plain table has it off the first page', () => {
    expect(first(ime, 'e')).not.toContain('鄂');
    expect(first(hubei, 'e')[0]).toBe('鄂');
  });

  it('offers place names the table lacks, by full pinyin and by initials', () => {
    expect(first(ime, 'qichun')).not.toContain('蕲春');
    expect(first(hubei, 'qichun')[0]).toBe('蕲春');
    expect(first(hubei, 'shennongjia')[0]).toBe('神农架');
    expect(first(hubei, 'qc')[0]).toBe('蕲春');
  });

  it('never ranks a regional single character above a longer word that matches all syllables', () => {
    expect(first(hubei, 'huangshi')[0]).toBe('黄石');
    expect(first(hubei, 'shenfenzheng')[0]).toBe('身份证');
  });
});
