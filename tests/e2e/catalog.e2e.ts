// What a service asks, as a new user found it wanting (issue #16): 返回 keeps what was typed and the
// search (5); a replacement for a lost card never asks to read it, the 证件照 is taken by the
// kiosk's camera, a transfer names both parties and takes "鄂（2024）…" (6); the consent names
// exactly what each service reads, in its own words (7); the declaration before signing (10).
import { expect, test, type Page } from '@playwright/test';
import { capture, declareAndSign, openKiosk, placeCard, startFromGuide, typeKeys } from './support/journey';
import { startKiosk, type RunningKiosk } from './support/kiosk';

let kiosk: RunningKiosk | undefined;

test.beforeEach(async () => {
  kiosk = await startKiosk({ profile: 'test-journey' });
});

test.afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
});

/** Types pinyin and picks the candidate that reads `text`. */
async function pinyin(page: Page, letters: string, text: string): Promise<void> {
  await typeKeys(page, letters);
  await page.getByRole('group', { name: '候选字' }).getByRole('button', { name: text, exact: true }).first().click();
}

async function searchFor(page: Page, letters: string): Promise<void> {
  await page.getByRole('tab', { name: /搜索/ }).click();
  await page.getByRole('textbox', { name: '输入事项名称或拼音首字母' }).click();
  await typeKeys(page, letters);
}

async function startApply(page: Page): Promise<void> {
  await openKiosk(page, kiosk!.url);
  await page.getByTestId('attract-screen').click();
  await page.getByRole('button', { name: /办事/ }).first().click();
}

test('defect 5: 返回 from a form keeps what was typed, and the catalog keeps its search', async ({ page }) => {
  await startApply(page);
  await searchFor(page, 'ylbx');
  await page.getByRole('button', { name: '完成', exact: true }).click();
  await page.getByRole('button', { name: /基本养老保险待遇申领/ }).click();
  await startFromGuide(page);
  await page.getByRole('button', { name: '同意并读取身份证' }).click();
  await placeCard(page);
  await page.getByRole('textbox', { name: /联系电话/ }).click();
  await typeKeys(page, '13800138000');
  await page.getByRole('button', { name: '完成', exact: true }).click();
  await page.getByRole('button', { name: '返回', exact: true }).click();
  // The catalog as it was left: the search tab, the text, its results.
  await expect(page.getByRole('tab', { name: /搜索/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('textbox', { name: '输入事项名称或拼音首字母' })).toHaveValue('ylbx');
  await expect(page.getByRole('button', { name: /基本养老保险待遇申领/ })).toBeVisible();
  await capture(page, 'catalog-01-back-keeps-search');
  await page.getByRole('button', { name: /基本养老保险待遇申领/ }).click();
  // Straight back to the form (the card is read), with the number typed before.
  await expect(page.getByRole('textbox', { name: /联系电话/ })).toHaveValue('138 0013 8000');
});

test('defect 6: 居民身份证补领 never asks for the lost card; the 证件照 is taken by the kiosk’s camera', async ({ page }) => {
  await startApply(page);
  await searchFor(page, 'bl');
  await page.getByRole('button', { name: '完成', exact: true }).click();
  await page.getByRole('button', { name: /居民身份证补领/ }).click();
  await startFromGuide(page);
  // No consent to read a card, no card step: the form, with a word on why and what happens instead.
  await expect(page.getByTestId('declared-identity')).toContainText('办理此事项不读取身份证');
  await expect(page.getByRole('heading', { name: '读取身份证前，请您确认' })).toHaveCount(0);
  await capture(page, 'catalog-02-reissue-form');
  await page.getByRole('textbox', { name: /申请人姓名/ }).click();
  await pinyin(page, 'wang', '王');
  await pinyin(page, 'jian', '建');
  await pinyin(page, 'guo', '国');
  await page.getByRole('textbox', { name: /公民身份号码/ }).click();
  await typeKeys(page, '420204198001010018');
  await page.getByRole('textbox', { name: /联系电话/ }).click();
  await typeKeys(page, '13800138000');
  await page.getByRole('button', { name: '完成', exact: true }).click();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('textbox', { name: /户籍地址/ }).click();
  await pinyin(page, 'huangshi', '黄石');
  await page.getByRole('textbox', { name: /遗失情况说明/ }).click();
  await pinyin(page, 'diushi', '丢失');
  await pinyin(page, 'shenfenzheng', '身份证');
  await page.getByRole('button', { name: '完成', exact: true }).click();
  await page.getByRole('button', { name: '下一步' }).click();

  // The photo: taken here, facing the camera, not only "bring it to a window".
  const photo = page.getByRole('radiogroup', { name: /近期免冠证件照/ });
  await expect(photo.getByRole('radio', { name: /现场拍照/ })).toBeVisible();
  await photo.getByRole('radio', { name: /现场拍照/ }).click();
  await expect(page.getByText('请正对屏幕上方的摄像头')).toBeVisible();
  await page.getByRole('button', { name: '拍照' }).click();
  // Adjusting sits apart from deciding: 不拍了 at one end, 使用这张 at the other (defect 11).
  const cancel = (await page.getByRole('button', { name: '不拍了' }).boundingBox())!;
  const use = (await page.getByRole('button', { name: '使用这张' }).boundingBox())!;
  expect(use.x - (cancel.x + cancel.width)).toBeGreaterThan(200);
  await expect(page.getByRole('group', { name: '调整照片' }).getByRole('button')).toHaveCount(3);
  await capture(page, 'catalog-03-portrait-preview');
  await page.getByRole('button', { name: '使用这张' }).click();
  await expect(page.getByText('已拍照 1 张')).toBeVisible();
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByTestId('review-applicantIdNumber')).toHaveText('420204 19800101 0018');
  await page.getByRole('button', { name: '下一步' }).click();
  await declareAndSign(page);
  await page.getByRole('button', { name: '确认提交' }).click();
  await expect(page.getByTestId('case-number')).toHaveText(/^TESTJ1-\d{8}-\d{4}$/);
  await expect(page.getByTestId('session-holder')).toHaveCount(0);
  await capture(page, 'catalog-04-reissue-result');
});

test('item 17 and defect 6: the guide before a transfer, which names both parties and takes 鄂（2024）… for the certificate number', async ({ page }) => {
  await startApply(page);
  await searchFor(page, 'bdczy');
  await page.getByRole('button', { name: '完成', exact: true }).click();
  await page.getByRole('button', { name: /不动产转移登记（二手房过户）/ }).click();
  // 办事指南 first: nothing is read or typed before the citizen knows what the item asks.
  await expect(page.getByRole('heading', { name: '读取身份证前，请您确认' })).toHaveCount(0);
  const guide = page.getByTestId('apply-guide');
  await expect(guide.getByTestId('guide-completion')).toHaveText(/能否在本机办结\s*在本机提交申请；办好后须本人到窗口领取结果。/);
  await expect(guide.getByTestId('guide-time')).toHaveText(/办理时限\s*承诺 5 个工作日内办结/);
  await expect(guide.getByTestId('guide-fee')).toHaveText(/费用\s*¥80\.00，提交后可在本机缴纳/);
  await expect(guide.getByTestId('guide-parties')).toHaveText(/需要谁到场\s*双方都须本人到场/);
  await expect(guide.getByTestId('guide-materials').getByRole('listitem')).toHaveCount(4);
  await expect(guide.getByTestId('guide-materials')).toContainText('不动产权证书');
  await expect(guide.getByText('买卖双方须本人到场')).toBeVisible();
  await capture(page, 'catalog-05a-guide-transfer');
  await startFromGuide(page);
  await page.getByRole('button', { name: '同意并读取身份证' }).click();
  await placeCard(page);
  await expect(page.getByRole('textbox', { name: /联系电话/ })).toBeVisible();
  const certificate = page.getByRole('textbox', { name: /不动产权证书号/ });
  await expect(page.getByText('不动产权证书号（选填，部门可共享获取）')).toBeVisible();
  await certificate.click();
  await pinyin(page, 'e', '鄂');
  await page.getByRole('button', { name: '左括号' }).click();
  await typeKeys(page, '2024');
  await page.getByRole('button', { name: '右括号' }).click();
  await expect(certificate).toHaveValue('鄂（2024）');
  await page.getByRole('textbox', { name: /联系电话/ }).click();
  await typeKeys(page, '13800138000');
  await page.getByRole('textbox', { name: /不动产坐落/ }).click();
  await pinyin(page, 'huangshi', '黄石');
  await page.getByRole('button', { name: '完成', exact: true }).click();
  await capture(page, 'catalog-05-transfer-certificate');
  await page.getByRole('button', { name: '下一步' }).click();
  // The other party: which side the applicant is, and the other side's name and number.
  const role = page.getByRole('radiogroup', { name: '您在这次过户中是' });
  await expect(role.getByRole('radio')).toHaveText([/转让方（卖方）/, /受让方（买方）/]);
  await expect(page.getByRole('textbox', { name: /另一方姓名/ })).toBeVisible();
  await expect(page.getByRole('textbox', { name: /另一方公民身份号码/ })).toBeVisible();
  await capture(page, 'catalog-06-transfer-parties');
});

test('defect 7: each service’s consent names only what it reads, in its own words', async ({ page }) => {
  await startApply(page);
  await page.getByRole('button', { name: /人力资源和社会保障/ }).click();
  await page.getByRole('button', { name: /基本养老保险待遇申领/ }).click();
  await startFromGuide(page);
  const applyFields = page.getByTestId('consent-fields');
  await expect(applyFields.getByRole('listitem')).toHaveText(['✓ 姓名', '✓ 公民身份号码', '✓ 有效期限', '✓ 性别', '✓ 出生日期']);
  await expect(page.getByTestId('consent-why')).toContainText('审批部门');
  await capture(page, 'catalog-07-consent-apply');
  await page.getByRole('button', { name: '结束办理' }).click();
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  await page.getByTestId('attract-screen').click();
  await expect(page.getByTestId('service-proof')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 15_000 });
  await page.getByRole('button', { name: /打印证明/ }).click();
  // 打印证明 needs who the holder is and nothing more: no 民族, no 住址, and no word of an application.
  await expect(page.getByTestId('consent-fields').getByRole('listitem')).toHaveText(['✓ 姓名', '✓ 公民身份号码', '✓ 有效期限']);
  await expect(page.getByTestId('consent-why')).toContainText('出具证明');
  await expect(page.getByTestId('consent-why')).not.toContainText('申请表');
  await capture(page, 'catalog-08-consent-proof');
});
