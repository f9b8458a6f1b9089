// Catalog search per keystroke over the sample catalog replicated to 5,000 items (target ≤ 30 ms
// p95), the search index build, and the pinyin IME's candidate lookup per keystroke.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCatalog, type ServiceCatalog } from '../../kiosk-config/catalog/schema';
import { unwrap } from '../../src-common/result';
import pinyinTableData from '../../src-common/ime/pinyinTable.json';
import { PinyinIndex, type PinyinTableData } from '../../src-common/ime/pinyinTable';
import { EMPTY_IME_STATE, PinyinIme } from '../../src-common/ime/PinyinIme';
import { CatalogService } from '../../src-main/core/catalog/CatalogService';

export type BenchFigure = { name: string; value: number; unit: string; target?: string; ratio?: number; note?: string };

const REPLICATED_ITEMS = 5000;
const SEARCH_P95_TARGET_MS = 30;
/** What citizens type, one keystroke at a time: initials, full pinyin, Chinese, English. */
const TYPED = ['bdcdj', 'kaiban', 'shenfenzheng', 'gongjijintiqu', 'ylbx', '身份证', '不动产登记', 'retire'];
const IME_TYPED = ['huangshi', 'zhangxiaoming', 'shenfenzheng', 'bdc', 'xiluqu', 'yangxinxian', 'nihao', 'hubeisheng'];
const ROUNDS = 5;

function replicate(catalog: ServiceCatalog, count: number): ServiceCatalog {
  const items = [];
  for (let i = 0; items.length < count; i++) {
    for (const item of catalog.items) {
      if (items.length >= count) break;
      // Vary the names so the index holds distinct strings, as a real provincial catalog would.
      items.push(i === 0 ? item : { ...item, id: `${item.id}-r${i}`, name: { zh: `${item.name.zh}(${i}号窗口)`, en: `${item.name.en} #${i}` }, related: [] });
    }
  }
  return { ...catalog, items };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function timeMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function run(): Promise<BenchFigure[]> {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../kiosk-config/catalog/sample-catalog.json');
  const sample = unwrap(parseCatalog(JSON.parse(fs.readFileSync(file, 'utf8'))));
  const big = replicate(sample, REPLICATED_ITEMS);

  let service!: CatalogService;
  const buildMs = timeMs(() => {
    service = new CatalogService(big, { level: 'city', regionCode: '420200' });
  });

  const keystrokes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const word of TYPED) {
      for (let n = 1; n <= [...word].length; n++) {
        const prefix = [...word].slice(0, n).join('');
        keystrokes.push(timeMs(() => service.search(prefix, 20)));
      }
    }
  }
  keystrokes.sort((a, b) => a - b);
  const p95 = percentile(keystrokes, 95);

  const imeKeystrokes: number[] = [];
  const imeBuilds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // A fresh index and engine each round: no candidate or prefix cache from earlier rounds.
    let ime!: PinyinIme;
    imeBuilds.push(timeMs(() => {
      ime = new PinyinIme(new PinyinIndex(pinyinTableData as PinyinTableData));
    }));
    for (const word of IME_TYPED) {
      let state = EMPTY_IME_STATE;
      for (const key of word) {
        imeKeystrokes.push(
          timeMs(() => {
            state = ime.type(state, key).state;
            ime.candidates(state);
          }),
        );
      }
    }
  }
  imeKeystrokes.sort((a, b) => a - b);

  return [
    { name: 'catalog index build (5,000 items, pinyin precomputed)', value: round2(buildMs), unit: 'ms', note: `${service.counts.items} items offered at a city kiosk` },
    { name: 'catalog search per keystroke p50 (5,000 items)', value: round2(percentile(keystrokes, 50)), unit: 'ms', note: `${keystrokes.length} keystrokes` },
    { name: 'catalog search per keystroke p95 (5,000 items)', value: round2(p95), unit: 'ms', target: `≤ ${SEARCH_P95_TARGET_MS} ms`, ratio: round2(p95 / SEARCH_P95_TARGET_MS) },
    { name: 'IME table index build', value: round2(Math.min(...imeBuilds)), unit: 'ms', note: 'best of rounds; once per renderer start' },
    { name: 'IME candidates per keystroke p50 (uncached)', value: round2(percentile(imeKeystrokes, 50)), unit: 'ms', note: `${imeKeystrokes.length} keystrokes` },
    { name: 'IME candidates per keystroke p95 (uncached)', value: round2(percentile(imeKeystrokes, 95)), unit: 'ms', target: '≤ 16 ms (one frame)', ratio: round2(percentile(imeKeystrokes, 95) / 16) },
  ];
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
