// Errors reach a citizen as sentences, never as the core's English: every error code of every API
// method and every completion code has a zh-CN and an en sentence, the i18n layer finds them by
// code, and no citizen screen renders a completion's errorDescription or a technician's reason.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { methods, type MethodName } from '../../../src-common/api';
import { CompletionCode } from '../../../src-common/api/envelope';
import { createI18n } from '../../../src-renderer/i18n';
import { enTable, zhTable } from '../../../src-renderer/i18n/errors';
import { errorSentence } from '../../../src-renderer/i18n/useErrorSentence';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const failureCodes = CompletionCode.options.filter((c) => c !== 'success');
const declared = Object.values(methods).flatMap((m) => m.errors.map((code) => ({ method: m.name as MethodName, code })));

describe('error sentences', () => {
  it('every method declares its error codes once each', () => {
    for (const m of Object.values(methods)) expect(new Set(m.errors).size, m.name).toBe(m.errors.length);
    expect(declared.length).toBeGreaterThan(40);
  });

  it.each([
    ['zh-CN', zhTable],
    ['en', enTable],
  ] as const)('%s: every error code of every method and every completion code has a sentence', (_language, table) => {
    const sentences = table.methods as Readonly<Record<string, Readonly<Record<string, string>> | undefined>>;
    for (const { method, code } of declared) expect(sentences[method]?.[code]?.trim(), `${method} ${code}`).toBeTruthy();
    for (const code of failureCodes) expect(table.completion[code].trim(), code).toBeTruthy();
    // No sentence for a code the method no longer declares.
    for (const [method, byCode] of Object.entries(sentences)) {
      expect(Object.keys(byCode ?? {}).sort(), method).toEqual([...(methods[method as MethodName]?.errors ?? [])].sort());
    }
  });

  it('zh-CN sentences are Chinese with full-width punctuation, and each names a next step or a cause', () => {
    const all = [...Object.values(zhTable.completion), ...Object.values(zhTable.methods).flatMap((byCode) => Object.values(byCode as Record<string, string>))];
    for (const sentence of all) {
      expect(sentence, sentence).toMatch(/[\u4e00-\u9fff]/);
      expect(sentence, sentence).not.toMatch(/[,;:!?]|\.(\s|$)/);
      expect(sentence, sentence).toMatch(/[。！？]$/);
    }
  });

  it('the i18n layer turns a code into its sentence with its numbers, and falls back to the completion code', () => {
    const i18n = createI18n('zh-CN');
    const t = i18n.getFixedT('zh-CN');
    expect(errorSentence(t, 'Proof.Print', { code: 'deviceNotReady', errorCode: 'platformUnavailable' })).toBe(zhTable.methods['Proof.Print'].platformUnavailable);
    expect(errorSentence(t, 'Diagnostics.Enter', { code: 'unauthorized', errorCode: 'wrongPin', params: { attemptsLeft: 4 } })).toBe('密码错误，还可尝试 4 次。');
    expect(errorSentence(t, 'Proof.Print', { code: 'sequenceError' })).toBe(zhTable.completion.sequenceError);
    // A code this renderer does not know (a newer core) falls back to the completion code's sentence.
    expect(errorSentence(t, 'Proof.Print', { code: 'hardwareError', errorCode: 'somethingNew' })).toBe(zhTable.completion.hardwareError);
    const en = createI18n('en').getFixedT('en');
    expect(errorSentence(en, 'Case.Query', { code: 'userError', errorCode: 'caseNotFound' })).toBe(enTable.methods['Case.Query'].caseNotFound);
  });
});

/** Files a citizen can see: every screen but the technician's diagnostics and the demo panel. */
function citizenScreenFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(entry.name)) files.push(full);
    }
  };
  walk(path.join(root, 'src-renderer'));
  const technicianOnly = [/src-renderer\/screens\/Diagnostics[A-Za-z]*\.tsx$/, /src-renderer\/devpanel\//, /src-renderer\/app\/DeveloperPanel\.tsx$/, /src-renderer\/i18n\//];
  return files.filter((f) => !technicianOnly.some((re) => re.test(f.split(path.sep).join('/'))));
}

describe('no citizen screen renders technical text', () => {
  const files = citizenScreenFiles();

  it('covers the journeys and the app shell', () => {
    const rel = files.map((f) => path.relative(root, f).split(path.sep).join('/'));
    for (const expected of ['src-renderer/journeys/pay/PayJourney.tsx', 'src-renderer/journeys/proof/ProofJourney.tsx', 'src-renderer/journeys/proof/PickupJourney.tsx', 'src-renderer/journeys/query/QueryJourney.tsx', 'src-renderer/app/App.tsx']) {
      expect(rel).toContain(expected);
    }
  });

  it.each([
    ['a completion’s errorDescription', /\berrorDescription\b/],
    ['an error’s English description', /\berror\??\.description\b/],
    ['a print, receipt, payment or cash-in reason (technician English)', /\b(print|receipt|payment|cash|outcome|job)\??\.reason\b/],
    ['a device status reason', /\bstatus\??\.reason\b/],
  ])('none reads %s', (_what, pattern) => {
    const offenders = files.filter((f) => pattern.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(root, f));
    expect(offenders).toEqual([]);
  });
});
