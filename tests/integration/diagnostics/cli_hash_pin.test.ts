// `budayang admin hash-pin`: the PIN piped on stdin (as a script would; at a terminal it is typed
// twice with echo off) comes out as the hash signed config carries, which the kiosk's check
// accepts for that PIN only; a guessable PIN is refused and nothing is printed.
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { verifyTechnicianPin } from '../../../src-main/core/diagnostics/technicianPin';
import { BIN } from '../../support/kioskProcess';

const hashPin = (input: string) => spawnSync(process.execPath, [BIN, 'admin', 'hash-pin'], { input, encoding: 'utf8', timeout: 60_000 });

it('prints a hash that verifies the piped PIN and no other; the PIN itself is not echoed', () => {
  const run = hashPin('583920\n');
  expect(run.status, run.stderr).toBe(0);
  const hash = run.stdout.trim();
  expect(verifyTechnicianPin('583920', hash)).toBe(true);
  expect(verifyTechnicianPin('583921', hash)).toBe(false);
  expect(run.stdout + run.stderr).not.toContain('583920');
});

it('refuses a guessable PIN with the reason, printing no hash', () => {
  const run = hashPin('123456\n');
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain('PIN refused (a run of consecutive digits)');
  expect(hashPin('').stderr).toContain('no PIN on standard input');
});
