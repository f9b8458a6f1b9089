// What the Electron shell does when a renderer or GPU process dies, over a fake clock.
import { describe, expect, it } from 'vitest';
import { ProcessGoneTracker, relaunchArgs, restartMethod, SOFTWARE_RENDERING_SWITCH } from '../../../src-main/shell/electron/processGone';

function tracker(softwareRendering = false) {
  let now = 1_000_000;
  const t = new ProcessGoneTracker(() => now, softwareRendering);
  return { t, advance: (ms: number) => (now += ms) };
}

describe('process gone policy', () => {
  it('reloads a crashed renderer with growing delays, then relaunches after five deaths in ten minutes', () => {
    const { t } = tracker();
    expect(t.rendererGone('crashed')).toEqual({ kind: 'reload', delayMs: 500 });
    expect(t.rendererGone('oom')).toEqual({ kind: 'reload', delayMs: 2_000 });
    expect(t.rendererGone('killed')).toEqual({ kind: 'reload', delayMs: 10_000 });
    expect(t.rendererGone('crashed')).toEqual({ kind: 'reload', delayMs: 10_000 });
    expect(t.rendererGone('abnormal-exit')).toMatchObject({ kind: 'relaunch', softwareRendering: false });
  });

  it('forgets deaths older than the window', () => {
    const { t, advance } = tracker();
    for (let i = 0; i < 4; i++) t.rendererGone('crashed');
    advance(10 * 60_000 + 1);
    expect(t.rendererGone('crashed')).toEqual({ kind: 'reload', delayMs: 500 });
  });

  it('ignores a clean exit and exits as a failed boot on an integrity failure', () => {
    const { t } = tracker();
    expect(t.rendererGone('clean-exit').kind).toBe('ignore');
    expect(t.rendererGone('integrity-failure').kind).toBe('exitFailed');
    expect(t.childGone('GPU', 'integrity-failure').kind).toBe('exitFailed');
  });

  it('leaves single GPU crashes to Chromium and relaunches in software after three', () => {
    const { t } = tracker();
    expect(t.childGone('GPU', 'crashed').kind).toBe('ignore');
    expect(t.childGone('GPU', 'launch-failed').kind).toBe('ignore');
    expect(t.childGone('GPU', 'crashed')).toMatchObject({ kind: 'relaunch', softwareRendering: true });
  });

  it('does not relaunch again when already in software rendering', () => {
    const { t } = tracker(true);
    for (let i = 0; i < 5; i++) expect(t.childGone('GPU', 'crashed').kind).toBe('ignore');
  });

  it('only notes the core utility process (its supervisor restarts it) and other children', () => {
    const { t } = tracker();
    expect(t.childGone('Utility', 'crashed', 'budayang-core')).toEqual({ kind: 'ignore', note: 'Utility budayang-core gone (crashed)' });
    expect(t.childGone('Pepper Plugin', 'killed').kind).toBe('ignore');
  });

  it('relaunches with the software switch once, and through the watchdog when supervised', () => {
    expect(relaunchArgs(['main.cjs'], true)).toEqual(['main.cjs', SOFTWARE_RENDERING_SWITCH]);
    expect(relaunchArgs(['main.cjs', SOFTWARE_RENDERING_SWITCH], true)).toEqual(['main.cjs', SOFTWARE_RENDERING_SWITCH]);
    expect(relaunchArgs(['main.cjs', SOFTWARE_RENDERING_SWITCH], false)).toEqual(['main.cjs']);
    expect(restartMethod({ INVOCATION_ID: 'abc' })).toEqual({ kind: 'exitForWatchdog', exitCode: 75 });
    expect(restartMethod({ BUDAYANG_SUPERVISED: '1' }).kind).toBe('exitForWatchdog');
    expect(restartMethod({}).kind).toBe('relaunch');
  });
});
