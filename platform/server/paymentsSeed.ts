// The fictitious payment notices every reference platform starts with (docs/payments-qr.md),
// inserted once by the payments migration.
export const SEEDED_NOTICES = [
  { noticeNumber: '42020026112600012345', itemZh: '不动产登记费', itemEn: 'Real estate registration fee', payeeZh: '黄石市自然资源和规划局', payeeEn: 'Huangshi Natural Resources and Planning Bureau', payerMasked: '王**', amountFen: 5000, paid: false },
  { noticeNumber: '42020026112600012346', itemZh: '出入境证件工本费', itemEn: 'Exit-entry document fee', payeeZh: '黄石市公安局出入境管理支队', payeeEn: 'Huangshi Exit-Entry Administration', payerMasked: '李*', amountFen: 12000, paid: false },
  { noticeNumber: '42020026112600012347', itemZh: '不动产权证书工本费', itemEn: 'Property certificate fee', payeeZh: '黄石市不动产登记中心', payeeEn: 'Huangshi Real Estate Registration Centre', payerMasked: '张**', amountFen: 1000, paid: true },
] as const;
