// The soak's journey keeps working (so `npm run soak` does not rot between its long runs): three
// whole journeys through the API on the simulators, against the platform in a child process,
// with no failure, and a summary that carries every figure the README table shows.
import { expect, it } from 'vitest';
import { runSessionsSoak } from '../../soak/sessions.soak';

it('runs three whole journeys without a failure and reports memory, descriptors and handles', async () => {
  const lines: string[] = [];
  const summary = await runSessionsSoak({ sessions: 3, checkpointEvery: 1 }, (line) => lines.push(line));
  expect(summary.firstFailure).toBeUndefined();
  expect(summary.failures).toBe(0);
  expect(summary.sessions).toBe(3);
  expect(summary.rssMiB.end).toBeGreaterThan(0);
  expect(summary.openFds.end).toBeGreaterThan(0);
  expect(summary.dataDirKiBPerSession).toBeGreaterThan(0);
  expect(summary.rows.map((r) => r.figure)).toEqual([
    expect.stringContaining('3 whole journeys'),
    'resident memory growth after warm-up',
    expect.stringContaining('open file descriptors'),
    expect.stringContaining('active handles and timers'),
    'sessions per second',
    'data directory per journey (database, logs)',
  ]);
  expect(lines.at(-1)).toMatch(/^3\/3 sessions, 0 failed/);
}, 120_000);
