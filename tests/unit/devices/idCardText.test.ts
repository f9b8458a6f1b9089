import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeIdCardText, parseIdCardText } from '../../../drivers/idcard/idCardText';
import { gb11643CheckCharacter, isGb11643Valid } from '../../../drivers/idcard/idNumber';
import { genderName, nationName } from '../../../drivers/idcard/idCardCodeTables';
import { findIdCardFixture, fixtureTextBlock, ID_CARD_FIXTURES } from '../../../drivers/idcard/idCardFixtures';

function parseFixture(id: string) {
  const result = parseIdCardText(fixtureTextBlock(findIdCardFixture(id)!));
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe('GB 11643 check digit', () => {
  it('matches the worked examples of docs/protocols/sam-id-card-reader.md#id-number-check-digit', () => {
    expect(gb11643CheckCharacter('11010519491231002')).toBe('X');
    expect(isGb11643Valid('11010519491231002X')).toBe(true);
    expect(isGb11643Valid('11010519491231002x')).toBe(true);
    expect(isGb11643Valid('440524188001010014')).toBe(true);
    expect(isGb11643Valid('440524188001015368')).toBe(true);
    expect(isGb11643Valid('53010219200508011X')).toBe(true);
    expect(isGb11643Valid('110105194912310021')).toBe(false);
    expect(isGb11643Valid('1101051949123100')).toBe(false);
  });

  it('property: exactly one of the 11 check characters is valid for any 17 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), (first17) => {
        const valid = '0123456789X'.split('').filter((c) => isGb11643Valid(first17 + c));
        expect(valid).toEqual([gb11643CheckCharacter(first17)]);
      }),
    );
  });
});

describe('ID card text block', () => {
  it('parses a resident card with gender and nation names', () => {
    const card = parseFixture('resident-wang');
    expect(card).toMatchObject({
      cardType: 'resident', name: '王建国', sex: '男', nation: '汉', nationCode: '01', birthDate: '1980-01-01',
      address: '湖北省黄石市下陆区示例大道100号', issuer: '黄石市公安局下陆分局', validFrom: '2015-06-01', validTo: '2035-06-01', checkDigitValid: true,
    });
    expect(card.idNumber).toHaveLength(18);
  });

  it('keeps 长期 validity and maps other nations', () => {
    expect(parseFixture('resident-chen')).toMatchObject({ sex: '女', nation: '回', validTo: '长期', checkDigitValid: true });
    expect(parseFixture('resident-tsering')).toMatchObject({ nation: '藏', name: '次仁卓玛' });
  });

  it('reports a wrong check digit as such, never silently accepts it', () => {
    const card = parseFixture('resident-bad-check');
    expect(card.checkDigitValid).toBe(false);
    expect(card.idNumberCheck).toBe('gb11643');
  });

  it('parses HK/Macao/Taiwan permits (type J) with pass number and issue count', () => {
    expect(parseFixture('permit-hk')).toMatchObject({ cardType: 'hkMacaoTaiwan', name: '陈大文', passNumber: 'H12345678', issueCount: '01', checkDigitValid: true });
    expect(parseFixture('permit-tw')).toMatchObject({ cardType: 'hkMacaoTaiwan', sex: '女', issueCount: '02' });
  });

  it('parses 2017 foreigner cards (type I): English name, nationality, format-only number check', () => {
    expect(parseFixture('foreigner-2017')).toMatchObject({
      cardType: 'foreigner', layout: '2017', englishName: 'JOHNSON, EMILY ROSE', name: '约翰逊·艾米莉', nationality: 'USA',
      idNumber: 'USA110085061501', birthDate: '1985-06-15', address: '', checkDigitValid: true, idNumberCheck: 'formatOnly',
    });
  });

  it('parses 2023 foreigner cards (type Y) and joins the split English name', () => {
    expect(parseFixture('foreigner-2023')).toMatchObject({
      cardType: 'foreigner', layout: '2023', englishName: 'SMITHINGTON-WORTHINGTON, ALEXANDER JONATHAN', nationality: 'GBR', checkDigitValid: true, idNumberCheck: 'gb11643',
    });
  });

  it('every fixture parses, and all but the deliberate one have valid numbers', () => {
    for (const f of ID_CARD_FIXTURES) {
      const r = parseIdCardText(fixtureTextBlock(f));
      expect(r.ok, f.id).toBe(true);
      if (r.ok) expect(r.value.checkDigitValid, f.id).toBe(f.id !== 'resident-bad-check');
    }
  });

  it('refuses unknown card types, impossible dates and short blocks with the field named', () => {
    const fields = { ...findIdCardFixture('resident-wang')!.fields };
    const wrongDate = parseIdCardText(encodeIdCardText(' ', { ...fields, birthDate: '19800230' }));
    expect(wrongDate.ok ? undefined : wrongDate.error.field).toBe('birthDate');
    const block = fixtureTextBlock(findIdCardFixture('resident-wang')!);
    block[248] = 0x5a; // 'Z'
    const unknown = parseIdCardText(block);
    expect(unknown.ok ? undefined : unknown.error.field).toBe('cardType');
    expect(parseIdCardText(new Uint8Array(100)).ok).toBe(false);
  });

  it('property: random blocks never throw', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 256, maxLength: 256 }), (block) => void parseIdCardText(block)), { numRuns: 500 });
  });

  it('code tables show unknown codes raw rather than guessing', () => {
    expect(genderName('9')).toBe('未说明');
    expect(genderName('5')).toBe('5');
    expect(nationName('98')).toBe('外国血统中国籍人士');
    expect(nationName('81')).toBe('穿青人');
    expect(nationName('57')).toBe('57');
  });
});
