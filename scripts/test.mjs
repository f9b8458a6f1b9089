// `npm test`: everything a reviewer would run, in order, on a fresh machine:
// system packages → build → typecheck → lint → unit/integration/fault tests (vitest) →
// end-to-end journeys in Debian Chromium (Playwright). Ends with one line
// `N passed, N failed` over all test cases, and exits non-zero if any step failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemDeps } from './systemDeps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-test-'));
const only = process.argv.slice(2); // e.g. `npm test -- unit` or `npm test -- e2e`
const wants = (step) => only.length === 0 || only.includes(step);
const failedSteps = [];

function step(name, command, args, env = {}) {
  process.stdout.write(`\n== ${name}: ${command} ${args.join(' ')}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = result.status === 0;
  process.stdout.write(`== ${name}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (!ok) failedSteps.push(name);
  return ok;
}

if (!ensureSystemDeps()) {
  process.stdout.write('0 passed, 1 failed\n');
  process.exit(1);
}

const npx = (bin) => path.join(root, 'node_modules', '.bin', bin);
step('build', process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
if (wants('static')) {
  step('typecheck', npx('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  step('lint', npx('eslint'), ['.']);
  step('import cycles', process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'lint:cycles']);
}

let passed = 0;
let failed = 0;
if (wants('unit')) {
  const out = path.join(reports, 'vitest.json');
  step('unit, integration and fault tests', npx('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (fs.existsSync(out)) {
    const r = JSON.parse(fs.readFileSync(out, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numTotalTestSuites > 0 && r.success === false && r.numFailedTests === 0 ? 1 : 0);
  } else failed += 1;
}
if (wants('e2e')) {
  const out = path.join(reports, 'playwright.json');
  step('end-to-end tests (Chromium)', npx('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  if (fs.existsSync(out)) {
    const r = JSON.parse(fs.readFileSync(out, 'utf8'));
    passed += r.stats.expected;
    failed += r.stats.unexpected + r.stats.flaky;
  } else failed += 1;
}

if (failedSteps.length > 0) process.stdout.write(`\nfailed steps: ${failedSteps.join(', ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failedSteps.length > 0 || failed > 0 ? 1 : 0);
