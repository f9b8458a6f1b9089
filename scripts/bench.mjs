// `npm run bench`: runs every tests/bench/*.bench.ts module (each exports `run()` returning its
// figures), prints one table, and writes bench/results/latest.json (plus a dated copy).
// `npm run bench -- devices printing` runs only those modules.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'tests', 'bench');
const args = process.argv.slice(2);
const updateReadme = args.includes('--update-readme');
const only = args.filter((a) => !a.startsWith('--'));
const modules = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.includes(f.replace('.bench.ts', '')))
  .sort((a, b) => (a.startsWith('foundation') ? -1 : b.startsWith('foundation') ? 1 : a.localeCompare(b)));

const results = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, at: new Date().toISOString(), modules: {} };
let failures = 0;
for (const file of modules) {
  const name = file.replace('.bench.ts', '');
  process.stdout.write(`bench: ${name}…\n`);
  try {
    const mod = await import(pathToFileURL(path.join(benchDir, file)).href);
    results.modules[name] = await mod.run();
  } catch (e) {
    failures++;
    results.modules[name] = [{ name: 'error', value: NaN, unit: '', note: String(e?.message ?? e) }];
  }
}

const rows = [['module', 'figure', 'value', 'target', 'ratio', 'note']];
for (const [mod, figures] of Object.entries(results.modules)) {
  for (const f of figures) rows.push([mod, f.name, `${f.value} ${f.unit}`.trim(), f.target ?? '', f.ratio === undefined ? '' : f.ratio.toFixed(2), f.note ?? '']);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...r[i]].length)));
for (const [i, r] of rows.entries()) {
  process.stdout.write(r.map((c, j) => c + ' '.repeat(widths[j] - [...c].length)).join('  ') + '\n');
  if (i === 0) process.stdout.write(widths.map((w) => '-'.repeat(w)).join('  ') + '\n');
}
const outDir = path.join(root, 'bench', 'results');
fs.mkdirSync(outDir, { recursive: true });
// A run of some modules keeps the other modules' last results in latest.json (each with its own date).
const previous = (() => {
  try {
    return JSON.parse(fs.readFileSync(path.join(outDir, 'latest.json'), 'utf8'));
  } catch {
    return undefined;
  }
})();
const kept = only.length > 0 && previous?.modules ? Object.fromEntries(Object.entries(previous.modules).filter(([m]) => !(m in results.modules))) : {};
const keptAt = only.length > 0 && previous ? Object.fromEntries(Object.keys(kept).map((m) => [m, previous.moduleAt?.[m] ?? previous.at])) : {};
const stored = { ...results, modules: { ...kept, ...results.modules }, moduleAt: { ...keptAt, ...Object.fromEntries(Object.keys(results.modules).map((m) => [m, results.at])) } };
fs.writeFileSync(path.join(outDir, 'latest.json'), JSON.stringify(stored, null, 2));
process.stdout.write(`\nbench: results in bench/results/latest.json\n`);

// `--update-readme` rewrites the README's benchmark table from this run (between the markers).
// A run of some modules replaces only their rows: the other modules keep their last figures.
if (updateReadme) {
  const readmePath = path.join(root, 'README.md');
  const readme = fs.readFileSync(readmePath, 'utf8');
  const cell = (text) => String(text).replace(/\|/g, '\\|');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  const rowsOf = (mod, figures) => figures.map((f) => `| ${mod} | ${cell(f.name)} | ${cell(`${f.value} ${f.unit}`.trim())} | ${cell(f.target ?? '')} | ${f.ratio === undefined ? '' : f.ratio.toFixed(2)} |`);
  // The table as it stands, by module, in its order; this run's modules replace theirs.
  const kept = new Map();
  if (from >= 0 && to > from) {
    for (const line of readme.slice(from, to).split('\n')) {
      const mod = /^\| ([\w-]+) \|/.exec(line)?.[1];
      if (mod && mod !== 'module') kept.set(mod, [...(kept.get(mod) ?? []), line]);
    }
  }
  for (const [mod, figures] of Object.entries(results.modules)) kept.set(mod, rowsOf(mod, figures));
  const partial = only.length > 0 && kept.size > Object.keys(results.modules).length;
  const lines = [
    `Measured ${results.at.slice(0, 10)} on ${results.machine.cpus} cores, Node ${results.machine.node}${partial ? ` (${Object.keys(results.modules).join(', ')}; the other modules from earlier runs)` : ''}; ratio = value ÷ target (or ÷ the baseline measured in the same run).`,
    '',
    '| module | figure | value | target | ratio |',
    '|---|---|---|---|---|',
    ...[...kept.values()].flat(),
  ];
  if (from < 0 || to < from) {
    process.stdout.write('bench: README has no bench markers; not updated\n');
  } else {
    // Rows written by `npm run soak -- --update-readme` (module `soak`) are kept: a soak takes hours.
    const soakRows = readme.slice(from, to).split('\n').filter((line) => line.startsWith('| soak | '));
    fs.writeFileSync(readmePath, `${readme.slice(0, from + start.length)}\n${[...lines, ...soakRows].join('\n')}\n${readme.slice(to)}`);
    process.stdout.write('bench: README benchmark table updated\n');
  }
}
process.exit(failures > 0 ? 1 : 0);
