// Helpers the journey tests share: drive the kiosk through visible labels and the demo panel,
// take a screenshot and an axe check of each screen, and switch orientation, language and
// elderly mode. Screenshots go to tests/artifacts/screenshots/ for a person to look at.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { screenshot } from './kiosk';

export type Orientation = 'portrait' | 'landscape';

export const VIEWPORTS: Readonly<Record<Orientation, { width: number; height: number }>> = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
};

/** No serious or critical axe violation on the screen as it is now, header and demo panel included. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${screen}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Screenshot and axe check of one screen. */
export async function capture(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await expectAccessible(page, name);
}

/** Types on the on-screen keyboard, key by key (letters, digits, X). */
export async function typeKeys(page: Page, keys: string): Promise<void> {
  for (const key of keys) await page.getByTestId(`key-${key}`).click();
}

/** Pinyin syllables, then the candidate at `index`. */
export async function typePinyin(page: Page, letters: string, index = 0): Promise<void> {
  await typeKeys(page, letters);
  await page.getByTestId(`candidate-${index}`).click();
}

/** The demo panel drives the simulators; it is a strip below the screen, closed again after use. */
export async function withDevPanel(page: Page, act: () => Promise<void>): Promise<void> {
  await page.getByTestId('dev-panel-toggle').click();
  await act();
  await page.getByTestId('dev-panel-toggle').click();
}

export async function placeCard(page: Page, fixture = 'resident-wang'): Promise<void> {
  await withDevPanel(page, async () => {
    if (fixture !== 'resident-wang') await page.getByTestId(`dev-fixture-${fixture}`).click();
    await page.getByTestId('dev-place-card').click();
  });
}

/**
 * 人证核验 with the run's fake camera (the demo residents' face, tests/e2e/support/faceFeeds.ts):
 * waits for the live picture, taps 拍照 and waits until the step has gone. `shot` names a
 * screenshot of the camera step.
 */
export async function passFaceCheck(page: Page, shot?: string): Promise<void> {
  await expect(page.getByRole('heading', { name: /请正对摄像头拍一张照片|Please face the camera/ })).toBeVisible({ timeout: 15_000 });
  const take = page.getByRole('button', { name: /拍照|Take photo/ });
  await expect(take).toBeEnabled({ timeout: 15_000 });
  if (shot) await capture(page, shot);
  await take.click();
  await expect(page.getByTestId('face-check')).toHaveCount(0, { timeout: 15_000 });
}

export async function insertNote(page: Page, yuan: number): Promise<void> {
  await withDevPanel(page, () => page.getByTestId(`dev-note-${yuan}`).click());
}

export async function sign(page: Page): Promise<void> {
  const pad = page.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + box.width * (0.2 + i * 0.05), box.y + box.height * (0.6 - Math.sin(i / 2) * 0.25));
  await page.mouse.up();
}

/** Ticks the declaration and signs: what "确认提交" needs. */
export async function declareAndSign(page: Page): Promise<void> {
  await page.getByRole('checkbox', { name: /本人承诺|I pledge/ }).check();
  await sign(page);
}

/**
 * 失业登记 after the card: phone and address typed (the rest filled from the card), the pledge as
 * its material, the review, the declaration and signature, then 确认提交.
 */
export async function submitUnemploymentRegistration(page: Page): Promise<void> {
  await page.getByTestId('input-applicantPhone').click();
  await typeKeys(page, '13700137000');
  await page.getByTestId('input-residenceAddress').click();
  await typePinyin(page, 'huangshi');
  await typePinyin(page, 'xialu');
  await page.getByTestId('kb-done').click();
  await page.getByTestId('journey-next').click();
  await page.getByTestId('material-unemployed-pledge-pledge').click();
  await page.getByTestId('journey-next').click();
  await page.getByTestId('journey-next').click();
  await declareAndSign(page);
  await page.getByTestId('journey-next').click();
}

/** Opens the kiosk page at its attract screen, connected (not 正在恢复…). */
export async function openKiosk(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  await expect(page.getByTestId('recovering')).toBeHidden();
}

/** Attract → home, then language and elderly mode as asked. */
export async function startSession(page: Page, url: string, options: { english?: boolean; elderly?: boolean } = {}): Promise<void> {
  await openKiosk(page, url);
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('home-screen')).toBeVisible();
  if (options.english) {
    await page.getByTestId('toggle-language').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
  if (options.elderly) {
    await page.getByTestId('toggle-elderly').click();
    await expect(page.locator('html')).toHaveClass(/elderly/);
  }
}

/** The bounding boxes of two elements do not overlap. */
export function disjoint(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
}

/** 办事指南 comes before every new application (#16 item 17): it is shown, then 开始办理 (Start). */
export async function startFromGuide(page: Page, start = '开始办理'): Promise<void> {
  await expect(page.getByTestId('apply-guide')).toBeVisible();
  await page.getByRole('button', { name: start, exact: true }).click();
}
