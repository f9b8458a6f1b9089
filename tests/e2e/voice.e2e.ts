// Voice guidance in Chromium (issue #16, item 14): 🔊 朗读 / Read aloud on every screen plays the
// prompt of the screen it is on; in 长辈模式 each new step speaks by itself until 静音; the core
// serves the rendered clips. Debian's headless Chromium has no OS voice, so the clips play: every
// play() is recorded with its clip, and `data-voice-playing` on <html> says what is audible.
import { expect, test, type Page } from '@playwright/test';
import { capture, disjoint, openKiosk, placeCard, VIEWPORTS, type Orientation } from './support/journey';
import { startKiosk, type RunningKiosk } from './support/kiosk';
import { profileWith } from './support/profiles';

let kiosk: RunningKiosk | undefined;

test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
});

/** Records the clip of every play() of a media element, in order (the page's own element, unchanged). */
async function recordPlays(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const plays: string[] = [];
    (window as unknown as { __voicePlays: string[] }).__voicePlays = plays;
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      plays.push(new URL(this.src).pathname);
      return play.call(this);
    };
  });
}

async function plays(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window as unknown as { __voicePlays: string[] }).__voicePlays]);
}

const html = (page: Page) => page.locator('html');

async function openHome(page: Page, url: string): Promise<void> {
  await openKiosk(page, url);
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expect(page.getByTestId('service-query')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
}

test('item 14: 朗读 plays the prompt of the screen it is on, to its end, from a clip the core serves', async ({ page }) => {
  await recordPlays(page);
  kiosk = await startKiosk({ profile: 'demo' });
  await openHome(page, kiosk.url);
  // Nothing speaks by itself outside 长辈模式.
  expect(await plays(page)).toEqual([]);

  await page.getByTestId('service-query').click();
  await expect(page.getByTestId('query-enter')).toBeVisible();
  const clip = page.waitForResponse((r) => r.url().endsWith('/voice/zh-CN/query-enter.ogg'));
  await page.getByRole('button', { name: '朗读', exact: true }).click();
  const response = await clip;
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('audio/ogg');
  await expect(html(page)).toHaveAttribute('data-voice-playing', 'query-enter');
  await expect(html(page)).toHaveAttribute('data-voice-route', 'clip');
  await expect(html(page)).toHaveAttribute('data-voice-language', 'zh-CN');
  expect(await plays(page)).toEqual(['/voice/zh-CN/query-enter.ogg']);
  // The clip plays to its end (about five seconds of speech), then nothing is audible.
  await expect(html(page)).not.toHaveAttribute('data-voice-playing', /.+/, { timeout: 20_000 });

  // A new step stops the prompt still playing: read, then leave before it ends.
  await page.getByRole('button', { name: '朗读', exact: true }).click();
  await expect(html(page)).toHaveAttribute('data-voice-playing', 'query-enter');
  await page.getByTestId('journey-back').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await expect(html(page)).not.toHaveAttribute('data-voice-playing', /.+/);

  // English: the same button, named in English, reads the English prompt.
  await page.getByTestId('toggle-language').click();
  await page.getByRole('button', { name: 'Read aloud', exact: true }).click();
  await expect(html(page)).toHaveAttribute('data-voice-playing', 'home');
  await expect(html(page)).toHaveAttribute('data-voice-language', 'en');
  expect((await plays(page)).at(-1)).toBe('/voice/en/home.ogg');
});

test('item 14: in 长辈模式 each new step speaks by itself; 静音 silences that for the session, 朗读 still reads', async ({ page }) => {
  await recordPlays(page);
  kiosk = await startKiosk({ profile: 'demo' });
  await openHome(page, kiosk.url);
  await page.getByTestId('toggle-elderly').click();
  // Switching 长辈模式 on speaks the screen at once.
  await expect(html(page)).toHaveAttribute('data-voice-playing', 'home');

  await page.getByTestId('service-query').click();
  await expect(page.getByTestId('query-enter')).toBeVisible();
  await expect(html(page)).toHaveAttribute('data-voice-playing', 'query-enter');
  expect(await plays(page)).toEqual(['/voice/zh-CN/home.ogg', '/voice/zh-CN/query-enter.ogg']);

  const mute = page.getByRole('button', { name: /^静音/ });
  await mute.click();
  await expect(mute).toHaveAttribute('aria-pressed', 'true');
  await expect(html(page)).not.toHaveAttribute('data-voice-playing', /.+/);
  // Back to the home screen, muted: it does not speak by itself; 朗读 still reads it when asked.
  await page.getByTestId('journey-back').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await page.getByRole('button', { name: '朗读', exact: true }).click();
  await expect(html(page)).toHaveAttribute('data-voice-playing', 'home');
  expect(await plays(page)).toEqual(['/voice/zh-CN/home.ogg', '/voice/zh-CN/query-enter.ogg', '/voice/zh-CN/home.ogg']);

  // The next citizen starts unmuted: the session's end reloads the screen.
  await page.getByRole('button', { name: '结束办理' }).click();
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  await page.getByTestId('toggle-elderly').click();
  await expect(page.getByRole('button', { name: /^静音/ })).toHaveAttribute('aria-pressed', 'false');
  await expect(html(page)).toHaveAttribute('data-voice-playing', 'home');
});

/** Whether `wanted` appears in `seen` in order (other entries may come between). */
function inOrder(seen: readonly string[], wanted: readonly string[]): boolean {
  let i = 0;
  for (const entry of seen) if (entry === wanted[i]) i += 1;
  return i === wanted.length;
}

test('item 14: in 长辈模式 a whole journey speaks step by step (打印证明), each from a clip the core serves', async ({ page }) => {
  await recordPlays(page);
  const served: string[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/voice/')) served.push(`${r.status()} ${r.headers()['content-type']} ${new URL(r.url()).pathname}`);
  });
  kiosk = await startKiosk({ profile: 'demo' });
  await openHome(page, kiosk.url);
  await expect(page.getByTestId('service-proof')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
  await page.getByTestId('toggle-elderly').click();
  await page.getByTestId('service-proof').click();
  await expect(page.getByTestId('proof-consent')).toBeVisible();
  await expect(html(page)).toHaveAttribute('data-voice-playing', 'consent');
  await page.getByRole('button', { name: '同意并继续' }).click();
  await expect(page.getByTestId('proof-identify')).toBeVisible();
  await placeCard(page);
  await expect(page.getByTestId('proof-choose')).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: /社会保险参保证明/ }).click();
  await expect(page.getByTestId('proof-preview')).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: '确认打印' }).click();
  await expect(page.getByTestId('proof-result')).toBeVisible({ timeout: 20_000 });
  await expect(html(page)).toHaveAttribute('data-voice-playing', 'proof-result-printed');

  const steps = ['home', 'consent', 'identify', 'proof-choose', 'proof-preview', 'proof-result-printed'].map((key) => `/voice/zh-CN/${key}.ogg`);
  const played = await plays(page);
  expect(inOrder(played, steps), played.join(' → ')).toBe(true);
  // Each prompt was spoken once per step: no step spoke twice in a row.
  expect(played.filter((clip, i) => clip === played[i - 1])).toEqual([]);
  expect(served.length).toBeGreaterThanOrEqual(steps.length);
  for (const response of served) expect(response).toMatch(/^(200|304|206) audio\/ogg /);
});

for (const orientation of ['portrait', 'landscape'] as const satisfies readonly Orientation[]) {
  test(`item 14: the 🔊 controls on the attract screen, beside the title in zh, en and 长辈模式, and over the idle warning (${orientation})`, async ({ page }) => {
    kiosk = await startKiosk({ profile: profileWith('demo', { ui: { idleWarningSeconds: 20, idleCountdownSeconds: 120 } }) });
    await page.setViewportSize(VIEWPORTS[orientation]);
    await page.clock.install();
    await openKiosk(page, kiosk.url);
    await expect(page.getByRole('button', { name: '朗读', exact: true })).toBeVisible();
    await capture(page, `voice-${orientation}-attract`);
    // 朗读 on the attract screen reads it and does not start a session.
    await page.getByRole('button', { name: '朗读', exact: true }).click();
    await expect(html(page)).toHaveAttribute('data-voice-playing', 'attract');
    await expect(page.getByTestId('attract-screen')).toBeVisible();

    await page.getByTestId('attract-screen').click();
    await expect(page.getByTestId('home-screen')).toBeVisible();
    // Beside the screen's title, not in the header (full in portrait), and clear of the title.
    const read = (name: string) => page.getByRole('main').getByRole('button', { name, exact: true });
    await expect(page.locator('header').getByRole('button', { name: '朗读' })).toHaveCount(0);
    await expect(read('朗读')).toBeVisible();
    expect(disjoint((await read('朗读').boundingBox())!, (await page.getByRole('heading', { level: 1 }).boundingBox())!)).toBe(true);
    await capture(page, `voice-${orientation}-zh-home`);
    await page.getByTestId('toggle-language').click();
    await expect(read('Read aloud')).toBeVisible();
    await capture(page, `voice-${orientation}-en-home`);
    await page.getByTestId('toggle-language').click();
    await page.getByTestId('toggle-elderly').click();
    await expect(page.getByRole('main').getByRole('button', { name: /^静音/ })).toBeVisible();
    await capture(page, `voice-${orientation}-elderly-home`);
    await page.getByTestId('service-query').click();
    await expect(page.getByTestId('query-enter')).toBeVisible();
    await expect(read('朗读')).toBeVisible();
    expect(disjoint((await read('朗读').boundingBox())!, (await page.getByRole('heading', { level: 1 }).boundingBox())!)).toBe(true);
    await capture(page, `voice-${orientation}-elderly-query`);

    // The idle warning covers the screen: it has its own 朗读, which reads the warning.
    await page.getByTestId('toggle-elderly').click();
    await page.clock.fastForward(21_000);
    const warning = page.getByTestId('idle-warning');
    await expect(warning).toBeVisible();
    await warning.getByRole('button', { name: '朗读', exact: true }).click();
    await expect(html(page)).toHaveAttribute('data-voice-playing', 'idleWarning');
    await capture(page, `voice-${orientation}-idle-warning`);
  });
}
