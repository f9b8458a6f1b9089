// Strings of the 查询 (case progress) journey.
export const zh = {
  title: '办件进度查询',
  enter: '输入回执上的办件编号',
  hint: '例如 DEMO01-20261126-0001；也可将回执上的二维码对准扫描口',
  query: '查询',
  querying: '正在查询…',
  invalid: '办件编号的格式为“本机编号-日期-序号”，例如 DEMO01-20261126-0001，请核对后重新输入',
  notFound: '未找到办件编号 {{caseNumber}}，请核对回执',
  result: '办件编号 {{caseNumber}}',
  progress: '办理进度',
  updatedAt: '更新时间 {{time}}',
  another: '查询其他办件',
  status: {
    // The back office's own words (issue #12, platform console): what a clerk sets is what shows.
    received: '已受理',
    inReview: '审批中',
    approved: '已办结',
    rejected: '不予受理',
    readyForPickup: '待领取',
    pickedUp: '已领取',
  },
};
export const en: typeof zh = {
  title: 'Track a case',
  enter: 'Enter the case number on your receipt',
  hint: "For example DEMO01-20261126-0001; or hold the receipt's QR code to the scanner",
  query: 'Look up',
  querying: 'Looking up…',
  invalid: 'A case number looks like KIOSK-DATE-SEQUENCE, e.g. DEMO01-20261126-0001; please check and retype it',
  notFound: 'Case {{caseNumber}} was not found; please check your receipt',
  result: 'Case {{caseNumber}}',
  progress: 'Progress',
  updatedAt: 'Updated {{time}}',
  another: 'Track another case',
  status: {
    received: 'Accepted',
    inReview: 'In review',
    approved: 'Approved',
    rejected: 'Not accepted',
    readyForPickup: 'Ready to collect',
    pickedUp: 'Collected',
  },
};
