// Every namespace has complete zh-CN and en strings: the same keys, no empty values.
import { describe, expect, it } from 'vitest';
import { NAMESPACES } from '../../../src-renderer/i18n';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function leaves(value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null) return [value];
  return Object.values(value).flatMap(leaves);
}

describe('i18n resources', () => {
  for (const [ns, mod] of Object.entries(NAMESPACES)) {
    it(`${ns}: zh-CN and en have the same keys and no empty strings`, () => {
      expect(keys(mod.en).sort()).toEqual(keys(mod.zh).sort());
      for (const leaf of [...leaves(mod.zh), ...leaves(mod.en)]) expect(typeof leaf === 'string' && leaf.trim().length > 0).toBe(true);
    });
  }
});
