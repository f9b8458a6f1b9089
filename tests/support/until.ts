// The one way tests wait: poll a condition until it holds, or fail naming what was awaited. Never
// a fixed sleep standing in for synchronisation (issue #15 item 8). The harnesses keep their own
// argument orders as thin adapters over this.

/** Polls `check` every `pollMs` until it is true; throws after `timeoutMs` naming `what`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000, pollMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
