// Fault: `GET /admin/events?limit=-1` returned every event at once (an unbounded query). Every
// list is paged: `limit` is clamped to 1…1000 and the answer carries the cursor of the next page.
import { describe, expect, it } from 'vitest';
import { startRig, syntheticEvent } from './support/platformRig';

describe('platform: events list limit', () => {
  it('clamps a negative, huge or garbage limit and pages with a cursor', async () => {
    const { push, admin } = await startRig();
    const events = Array.from({ length: 120 }, (_, i) => syntheticEvent(`case:L${i % 6}`, Math.floor(i / 6) + 1));
    expect((await push(events)).results.every((r) => r.status === 'accepted')).toBe(true);

    expect(((await admin('GET', '/admin/events?limit=-1')).json.events as unknown[]).length).toBe(1);
    expect(((await admin('GET', '/admin/events?limit=abc')).json.events as unknown[]).length).toBe(100);
    const first = await admin('GET', '/admin/events?limit=50');
    expect((first.json.events as unknown[]).length).toBe(50);
    const rest = await admin('GET', `/admin/events?limit=1000000&after=${String(first.json.nextAfter)}`);
    expect((rest.json.events as unknown[]).length).toBe(70);
    const keys = [...(first.json.events as Array<{ idempotencyKey: string }>), ...(rest.json.events as Array<{ idempotencyKey: string }>)].map((e) => e.idempotencyKey);
    expect(new Set(keys).size).toBe(120);
  });
});
