// Converts a driver's read card into the API's IdCardData and lists the values the log
// redactor must mask for the rest of the session.
import type { IdCardData } from '../../../src-common/api/devices';
import type { IdCardRead } from '../../../drivers/idcard/SamIdCardReader';

export function toIdCardData(read: IdCardRead): IdCardData {
  const t = read.text;
  const base = {
    cardType: t.cardType,
    name: t.name,
    sex: t.sex,
    birthDate: t.birthDate,
    address: t.address,
    idNumber: t.idNumber,
    issuer: t.issuer,
    validFrom: t.validFrom,
    validTo: t.validTo,
    checkDigitValid: t.checkDigitValid,
    idNumberCheck: t.idNumberCheck,
    hasPhoto: read.photo.length > 0,
  };
  switch (t.cardType) {
    case 'resident':
      return { ...base, nation: t.nation };
    case 'hkMacaoTaiwan':
      return { ...base, passNumber: t.passNumber, issueCount: t.issueCount };
    case 'foreigner':
      return { ...base, englishName: t.englishName, nationality: t.nationality, layout: t.layout };
  }
}

/** Values that identify the citizen and have no fixed shape the redactor could match. */
export function sensitiveValues(card: IdCardData): string[] {
  return [card.name, card.address, card.idNumber, card.englishName ?? '', card.passNumber ?? ''].filter((v) => v.length >= 2);
}
