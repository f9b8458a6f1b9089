// `budayang catalog list|search`: the service catalog this kiosk offers under its configured
// level and region, from the technician's terminal. Pure reads: no database, no devices.
import { formatFen } from '../../../src-common/domain/money';
import { createCatalogService } from '../../core/catalog/catalogModule';
import type { CatalogService } from '../../core/catalog/CatalogService';
import { loadConfig } from '../../core/config/loadConfig';
import { parseCommandArgs } from '../args';
import { println, type CliCommand, type CliContext } from '../command';

const DEFAULT_PROFILE = 'demo';

function openCatalog(profile: string, ctx: CliContext, command: string): CatalogService | undefined {
  const config = loadConfig({ profile });
  if (!config.ok) {
    println(ctx.stderr, `budayang catalog ${command}: ${config.error}`);
    return undefined;
  }
  try {
    return createCatalogService({ config: config.value });
  } catch (e) {
    println(ctx.stderr, `budayang catalog ${command}: ${(e as Error).message}`);
    return undefined;
  }
}

const list: CliCommand = {
  path: ['catalog', 'list'],
  summary: 'Items and bundles (一件事) this kiosk offers under its configured level and region.',
  usage: '[--profile NAME] [--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { profile: { type: 'string' }, json: { type: 'boolean' } });
    if (!parsed.ok) return usageError(ctx, 'list', parsed.error);
    const catalog = openCatalog(parsed.value.values.profile ?? DEFAULT_PROFILE, ctx, 'list');
    if (!catalog) return 1;
    const listing = catalog.list();
    if (parsed.value.values.json) {
      println(ctx.stdout, JSON.stringify({
        version: catalog.version,
        level: catalog.place.level,
        regionCode: catalog.place.regionCode,
        items: listing.items.map((i) => ({ id: i.id, name: i.name.zh, department: i.department.name.zh, level: i.level, feeFen: i.feeFen })),
        bundles: listing.bundles.map((b) => ({ id: b.id, name: b.name.zh, items: b.items })),
      }));
      return 0;
    }
    println(ctx.stdout, `catalog ${catalog.version} for a ${catalog.place.level} kiosk in ${catalog.place.regionCode}: ${listing.items.length} items, ${listing.bundles.length} bundles`);
    println(ctx.stdout);
    println(ctx.stdout, 'bundles (一件事):');
    for (const b of listing.bundles) println(ctx.stdout, `  ${b.id.padEnd(34)} ${b.name.zh}  [${b.items.length} items]`);
    println(ctx.stdout);
    println(ctx.stdout, 'items:');
    for (const i of listing.items) {
      const fee = i.feeFen > 0 ? `  ${formatFen(i.feeFen)}` : '';
      println(ctx.stdout, `  ${i.id.padEnd(34)} ${i.name.zh}  (${i.department.name.zh}, ${i.level})${fee}`);
    }
    return 0;
  },
};

const search: CliCommand = {
  path: ['catalog', 'search'],
  summary: 'Searches the offered catalog by Chinese text, pinyin initials (bdc) or full pinyin (kaiban).',
  usage: 'TEXT [--profile NAME] [--limit N] [--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { profile: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } }, true);
    if (!parsed.ok) return usageError(ctx, 'search', parsed.error);
    const text = parsed.value.positionals.join(' ').trim();
    if (text === '') return usageError(ctx, 'search', 'TEXT is required, e.g. `budayang catalog search bdc`');
    const limit = parsed.value.values.limit === undefined ? 20 : Number(parsed.value.values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return usageError(ctx, 'search', `--limit must be a whole number from 1 to 100, got "${parsed.value.values.limit}"`);
    const catalog = openCatalog(parsed.value.values.profile ?? DEFAULT_PROFILE, ctx, 'search');
    if (!catalog) return 1;
    const results = catalog.search(text, limit);
    if (parsed.value.values.json) {
      println(ctx.stdout, JSON.stringify({ query: text, results: results.map((r) => ({ id: r.id, name: r.name.zh, kind: r.kind, matchedBy: r.matchedBy })) }));
      return 0;
    }
    if (results.length === 0) {
      println(ctx.stdout, `no offered item or bundle matches "${text}"`);
      return 0;
    }
    for (const r of results) println(ctx.stdout, `  ${r.kind.padEnd(6)} ${r.id.padEnd(34)} ${r.name.zh}  (by ${r.matchedBy})`);
    return 0;
  },
};

function usageError(ctx: CliContext, command: string, message: string): number {
  println(ctx.stderr, `budayang catalog ${command}: ${message}`);
  return 2;
}

export const catalogCommands: readonly CliCommand[] = [list, search];
