// `npm run soak`: long-running proofs that the kiosk holds up over time. Each part lives in
// tests/soak/<name>.soak.ts and exports `soak: { name, flags, run(options, report) }`;
// `npm run soak -- --sessions 10000` runs the parts whose flags are given (all parts when none
// is), prints one JSON summary, writes bench/results/soak.json, and with `--update-readme`
// replaces that part's rows (module `soak`) in the README's benchmark table.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const soakDir = path.join(root, 'tests', 'soak');
const parts = [];
for (const file of fs.readdirSync(soakDir).filter((f) => f.endsWith('.soak.ts')).sort()) {
  const { soak } = await import(pathToFileURL(path.join(soakDir, file)).href);
  parts.push(soak);
}

// Every part's flags are accepted; a part runs when one of its flags (or its name) is given.
const options = { 'update-readme': { type: 'boolean' } };
for (const part of parts) Object.assign(options, part.flags);
const { values, positionals } = parseArgs({ options, allowPositionals: true });
const chosen = parts.filter((p) => positionals.includes(p.name) || Object.keys(p.flags).some((f) => values[f] !== undefined));
const toRun = chosen.length > 0 ? chosen : parts;

const summary = { at: new Date().toISOString(), node: process.version, parts: {}, ok: true };
for (const part of toRun) {
  process.stderr.write(`soak: ${part.name}…\n`);
  const result = await part.run(values, (line) => process.stderr.write(`soak ${part.name}: ${line}\n`));
  summary.parts[part.name] = result;
  summary.ok &&= result.ok;
}
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);

const outDir = path.join(root, 'bench', 'results');
fs.mkdirSync(outDir, { recursive: true });
const outFile = path.join(outDir, 'soak.json');
const previous = fs.existsSync(outFile) ? JSON.parse(fs.readFileSync(outFile, 'utf8')) : { parts: {} };
fs.writeFileSync(outFile, JSON.stringify({ ...summary, parts: { ...previous.parts, ...summary.parts } }, null, 2));

if (values['update-readme']) {
  const readmePath = path.join(root, 'README.md');
  let readme = fs.readFileSync(readmePath, 'utf8');
  const end = readme.indexOf('<!-- bench:end -->');
  if (end < 0) throw new Error('README has no bench markers');
  for (const part of toRun) {
    const rows = summary.parts[part.name].rows.map((r) => `| soak | ${part.name}: ${r.figure} | ${r.value} | ${r.target ?? ''} | ${r.ratio ?? ''} |`);
    // Drop this part's old rows, then add the new ones at the end of the table.
    readme = readme.split('\n').filter((line) => !line.startsWith(`| soak | ${part.name}: `)).join('\n');
    const at = readme.indexOf('<!-- bench:end -->');
    readme = `${readme.slice(0, at)}${rows.join('\n')}\n${readme.slice(at)}`;
  }
  fs.writeFileSync(readmePath, readme);
  process.stderr.write('soak: README benchmark table updated\n');
}
process.exit(summary.ok ? 0 : 1);
