// What the screen says when the bill acceptor has a problem during a cash-in (Chinese first).
import type { DeviceProblem } from './CashInTransaction';

export const CASH_PROBLEM_MESSAGES: Readonly<Record<DeviceProblem, { zh: string; en: string }>> = {
  disconnected: { zh: '收款设备连接中断，正在恢复，请稍候', en: 'The cash acceptor lost its connection; reconnecting, please wait' },
  jam: { zh: '纸币卡住，请联系工作人员', en: 'A note is jammed; please ask staff for help' },
  stackerFull: { zh: '钱箱已满，暂停现金收款，请联系工作人员', en: 'The cash box is full; please ask staff for help' },
  cashboxRemoved: { zh: '钱箱未就位，暂停现金收款', en: 'The cash box is not in place; cash payment is paused' },
  fraudAttempt: { zh: '检测到异常操作，暂停现金收款', en: 'Suspicious handling detected; cash payment is paused' },
  disabled: { zh: '收款设备暂不可用', en: 'The cash acceptor is unavailable' },
  journalWriteFailed: { zh: '系统记录失败，已停止收款，请联系工作人员', en: 'Recording failed; cash payment stopped; please ask staff for help' },
};
