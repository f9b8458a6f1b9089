// Fictitious cards for the simulator, tests and demos: every name, number and address here is
// invented. Check characters are computed, so the "valid" cards are valid by construction, and
// one resident card deliberately carries a wrong check character.
import { gb11643CheckCharacter } from './idNumber';
import { encodeIdCardText, LONG_TERM, type CardTypeCode } from './idCardText';

export interface IdCardFixture {
  readonly id: string;
  /** One line for the developer panel. */
  readonly label: string;
  readonly type: CardTypeCode;
  /** Raw text-block fields (dates YYYYMMDD) keyed by layout field name. */
  readonly fields: Readonly<Record<string, string>>;
}

function withCheck(first17: string): string {
  const check = gb11643CheckCharacter(first17);
  if (!check) throw new Error(`fixture number ${first17} is not 17 digits`);
  return first17 + check;
}

/** The same number with a check character that cannot be right. */
function withWrongCheck(first17: string): string {
  const right = withCheck(first17).slice(-1);
  return first17 + (right === '0' ? '1' : '0');
}

export const ID_CARD_FIXTURES: readonly IdCardFixture[] = [
  {
    id: 'resident-wang',
    label: '居民身份证 · 王建国 · 男 · 汉',
    type: ' ',
    fields: {
      name: '王建国', gender: '1', nation: '01', birthDate: '19800101', address: '湖北省黄石市下陆区示例大道100号',
      idNumber: withCheck('42020419800101001'), issuer: '黄石市公安局下陆分局', validFrom: '20150601', validTo: '20350601',
    },
  },
  {
    id: 'resident-chen',
    label: '居民身份证 · 陈秀英 · 女 · 回 · 长期',
    type: ' ',
    fields: {
      name: '陈秀英', gender: '2', nation: '03', birthDate: '19580715', address: '湖北省黄石市黄石港区测试路8号3栋2单元501室',
      idNumber: withCheck('42020219580715002'), issuer: '黄石市公安局黄石港分局', validFrom: '20180320', validTo: LONG_TERM,
    },
  },
  {
    id: 'resident-tsering',
    label: '居民身份证 · 次仁卓玛 · 女 · 藏',
    type: ' ',
    fields: {
      name: '次仁卓玛', gender: '2', nation: '04', birthDate: '19950228', address: '西藏自治区拉萨市城关区样例路12号',
      idNumber: withCheck('54010219950228004'), issuer: '拉萨市公安局城关分局', validFrom: '20200110', validTo: '20300110',
    },
  },
  {
    id: 'resident-bad-check',
    label: '居民身份证 · 赵小明 · 校验位错误',
    type: ' ',
    fields: {
      name: '赵小明', gender: '1', nation: '01', birthDate: '20010909', address: '湖北省黄石市西塞山区虚构街1号',
      idNumber: withWrongCheck('42020320010909003'), issuer: '黄石市公安局西塞山分局', validFrom: '20190909', validTo: '20290909',
    },
  },
  {
    id: 'permit-hk',
    label: '港澳台居民居住证 · 陈大文 · 香港',
    type: 'J',
    fields: {
      name: '陈大文', gender: '1', birthDate: '19880312', address: '广东省深圳市福田区示范路88号',
      idNumber: withCheck('81000019880312003'), issuer: '深圳市公安局福田分局', validFrom: '20210501', validTo: '20260501',
      passNumber: 'H12345678', issueCount: '01',
    },
  },
  {
    id: 'permit-tw',
    label: '港澳台居民居住证 · 林美玲 · 台湾',
    type: 'J',
    fields: {
      name: '林美玲', gender: '2', birthDate: '19920620', address: '福建省厦门市思明区演示路6号',
      idNumber: withCheck('83000019920620004'), issuer: '厦门市公安局思明分局', validFrom: '20220815', validTo: '20270815',
      passNumber: '01234567', issueCount: '02',
    },
  },
  {
    id: 'foreigner-2017',
    label: '外国人永久居留身份证(2017) · JOHNSON EMILY ROSE · USA',
    type: 'I',
    fields: {
      englishName: 'JOHNSON, EMILY ROSE', gender: '2', idNumber: 'USA110085061501', nationality: 'USA', name: '约翰逊·艾米莉',
      validFrom: '20190301', validTo: '20290301', birthDate: '19850615', cardVersion: '01', issuer: '1100',
    },
  },
  {
    id: 'foreigner-2017-deu',
    label: '外国人永久居留身份证(2017) · MUELLER HANS · DEU',
    type: 'I',
    fields: {
      englishName: 'MUELLER, HANS PETER', gender: '1', idNumber: 'DEU420070120301', nationality: 'DEU', name: '穆勒·汉斯',
      validFrom: '20170901', validTo: '20270901', birthDate: '19700120', cardVersion: '01', issuer: '4200',
    },
  },
  {
    id: 'foreigner-2023',
    label: '外国人永久居留身份证(2023) · 长英文名 · GBR',
    type: 'Y',
    fields: {
      name: '史密斯·亚历山大', gender: '1', renewalCount: '00', birthDate: '19900404',
      // 46 characters in all: the first 35 at offset 52, the rest at offset 220.
      englishNameStart: 'SMITHINGTON-WORTHINGTON, ALEXANDER ', englishNameEnd: 'JONATHAN', idNumber: withCheck('93382619900404001'),
      issuer: '国家移民管理局', validFrom: '20240101', validTo: '20340101', nationality: 'GBR',
    },
  },
];

export function findIdCardFixture(id: string): IdCardFixture | undefined {
  return ID_CARD_FIXTURES.find((f) => f.id === id);
}

export function fixtureTextBlock(fixture: IdCardFixture): Uint8Array {
  return encodeIdCardText(fixture.type, fixture.fields);
}

/** A fictitious 1024-byte WLT photo: opaque bytes that start with the `57 4C` seen on real cards. */
export function fixturePhoto(seed: string): Uint8Array {
  const photo = new Uint8Array(1024);
  let state = 2166136261;
  for (const ch of seed) state = Math.imul(state ^ ch.charCodeAt(0), 16777619) >>> 0;
  for (let i = 0; i < photo.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    photo[i] = state >>> 24;
  }
  photo.set([0x57, 0x4c, 0x66, 0x00, 0x7e, 0x00, 0x32, 0x00, 0x00, 0xff, 0x85], 0);
  return photo;
}
