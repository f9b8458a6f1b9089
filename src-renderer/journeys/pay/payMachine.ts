// The 缴费 journey as an explicit state machine (design.md §8): a pure reducer from (state, event)
// to the next state. Screens only render the state and dispatch events; usePayEffects runs the
// calls. The typed notice number lives here too, so "继续缴费" starts from an empty field (defect 8).
import type { CashInResult, CashDeviceProblem } from '../../../src-common/api/payments';
import type { Payable, PayableDetail, PaymentOutcome } from '../../../src-common/api/fees';
import { fen, type Fen } from '../../../src-common/domain/money';
import type { ServiceProblem } from '../shared/problems';

export type PayMethod = 'qrDisplayed' | 'paymentCode' | 'cash';

/** Why nothing was found to pay. */
export type FindProblem =
  | { readonly kind: 'invalidNotice' } // not 20 digits
  | { readonly kind: 'lookupFailed'; readonly failure: ServiceProblem }; // Fee.Lookup failed: not found, or the platform cannot be reached

/** A message on the cash screen, rendered from its numbers by the i18n layer. */
export type CashMessage =
  | { readonly kind: 'returned'; readonly valueFen: Fen; readonly maxAcceptableFen: Fen } // a note above what is still due went back
  | { readonly kind: 'device'; readonly problem: CashDeviceProblem }; // the acceptor has a problem

export type QrPhase = 'creating' | 'showing' | 'waitingForCode' | 'codeScanned' | 'userPaying';

export type PayState =
  /** Choosing what to pay: a fee of this session, or a payment notice number typed or scanned. */
  | { readonly kind: 'find'; readonly notice: string; readonly problem?: FindProblem }
  /** Waiting for Fee.Lookup. */
  | { readonly kind: 'lookingUp'; readonly notice: string; readonly payable: Payable }
  /** Showing what is owed; the citizen picks a method next. */
  | { readonly kind: 'confirm'; readonly notice: string; readonly detail: PayableDetail }
  /** QR on screen (or waiting for the citizen's payment code), polling in the core. */
  | { readonly kind: 'qr'; readonly notice: string; readonly detail: PayableDetail; readonly method: 'qrDisplayed' | 'paymentCode'; readonly qrContent?: string; readonly expiresAt?: string; readonly phase: QrPhase }
  /** Cash-in running: the total is shown only after each note is journaled in the core. */
  | { readonly kind: 'cash'; readonly notice: string; readonly detail: PayableDetail; readonly paidFen: Fen; readonly remainingFen: Fen; readonly checking: boolean; readonly message?: CashMessage; readonly confirmingCancel: boolean }
  /** Finished, with the core's answer (never a guess). */
  | { readonly kind: 'result'; readonly notice: string; readonly detail: PayableDetail; readonly outcome: PayResult };

export type PayResult =
  | { readonly via: 'qr'; readonly payment: PaymentOutcome }
  | { readonly via: 'cash'; readonly cash: CashInResult; readonly receipt: PaymentOutcome['receipt'] }
  | { readonly via: 'error'; readonly problem: ServiceProblem };

export type PayEvent =
  | { readonly type: 'typed'; readonly notice: string }
  | { readonly type: 'lookup'; readonly payable: Payable } // a session fee tapped, a notice submitted or scanned
  | { readonly type: 'lookupFailed'; readonly problem: FindProblem }
  | { readonly type: 'lookedUp'; readonly detail: PayableDetail }
  | { readonly type: 'back' } // from the amount back to finding (the typed number kept for correction)
  | { readonly type: 'methodChosen'; readonly method: PayMethod }
  | { readonly type: 'qrOrderCreated'; readonly qrContent: string; readonly expiresAt: string }
  | { readonly type: 'qrWaitingForCode' }
  | { readonly type: 'qrCodeScanned' }
  | { readonly type: 'qrUserPaying' }
  | { readonly type: 'noteEscrowed' }
  | { readonly type: 'noteStacked'; readonly paidFen: Fen; readonly remainingFen: Fen }
  | { readonly type: 'noteRejected'; readonly valueFen: Fen; readonly maxAcceptableFen: Fen }
  | { readonly type: 'deviceProblem'; readonly problem: CashDeviceProblem }
  | { readonly type: 'cancelRequested' }
  | { readonly type: 'cancelDismissed' }
  | { readonly type: 'finished'; readonly result: PayResult }
  | { readonly type: 'retry' } // "重新支付": the same amount, choose a method again
  | { readonly type: 'payAnother' }; // "继续缴费": another payable, from an empty notice field

export const INITIAL_PAY_STATE: PayState = { kind: 'find', notice: '' };

/** A payment notice number is 20 digits (a documented assumption of the scanner classifier). */
export function isNoticeNumber(text: string): boolean {
  return /^\d{20}$/.test(text);
}

/** What "查询" does with the typed text: a lookup, or the reason it cannot be one. */
export function noticeLookup(notice: string): PayEvent {
  return isNoticeNumber(notice) ? { type: 'lookup', payable: { kind: 'notice', noticeNumber: notice } } : { type: 'lookupFailed', problem: { kind: 'invalidNotice' } };
}

export function payReducer(state: PayState, event: PayEvent): PayState {
  switch (event.type) {
    case 'typed':
      return state.kind === 'find' ? { kind: 'find', notice: event.notice } : state;
    case 'lookup':
      return state.kind === 'find' ? { kind: 'lookingUp', notice: state.notice, payable: event.payable } : state;
    case 'lookupFailed':
      return state.kind === 'find' || state.kind === 'lookingUp' ? { kind: 'find', notice: state.notice, problem: event.problem } : state;
    case 'lookedUp':
      return state.kind === 'lookingUp' ? { kind: 'confirm', notice: state.notice, detail: event.detail } : state;
    case 'back':
      return state.kind === 'confirm' ? { kind: 'find', notice: state.notice } : state;
    case 'methodChosen':
      if (state.kind !== 'confirm' || state.detail.status === 'paid') return state;
      return event.method === 'cash'
        ? { kind: 'cash', notice: state.notice, detail: state.detail, paidFen: fen(0), remainingFen: state.detail.amountFen, checking: false, confirmingCancel: false }
        : { kind: 'qr', notice: state.notice, detail: state.detail, method: event.method, phase: event.method === 'paymentCode' ? 'waitingForCode' : 'creating' };
    case 'qrOrderCreated':
      return state.kind === 'qr' ? { ...state, qrContent: event.qrContent, expiresAt: event.expiresAt, phase: 'showing' } : state;
    case 'qrWaitingForCode':
      return state.kind === 'qr' ? { ...state, phase: 'waitingForCode' } : state;
    case 'qrCodeScanned':
      return state.kind === 'qr' ? { ...state, phase: 'codeScanned' } : state;
    case 'qrUserPaying':
      return state.kind === 'qr' ? { ...state, phase: 'userPaying' } : state;
    case 'noteEscrowed':
      return state.kind === 'cash' ? { ...state, checking: true } : state;
    case 'noteStacked': {
      if (state.kind !== 'cash') return state;
      const { message: _cleared, ...rest } = state;
      return { ...rest, checking: false, paidFen: event.paidFen, remainingFen: event.remainingFen };
    }
    case 'noteRejected':
      return state.kind === 'cash' ? { ...state, checking: false, message: { kind: 'returned', valueFen: event.valueFen, maxAcceptableFen: event.maxAcceptableFen } } : state;
    case 'deviceProblem':
      return state.kind === 'cash' ? { ...state, checking: false, message: { kind: 'device', problem: event.problem } } : state;
    case 'cancelRequested':
      return state.kind === 'cash' ? { ...state, confirmingCancel: true } : state;
    case 'cancelDismissed':
      return state.kind === 'cash' ? { ...state, confirmingCancel: false } : state;
    case 'finished':
      return state.kind === 'qr' || state.kind === 'cash' || state.kind === 'confirm' ? { kind: 'result', notice: state.notice, detail: state.detail, outcome: event.result } : state;
    case 'retry':
      return state.kind === 'result' && !isPaid(state.outcome) ? { kind: 'confirm', notice: state.notice, detail: state.detail } : state;
    case 'payAnother':
      return state.kind === 'result' ? INITIAL_PAY_STATE : state;
  }
}

/** Whether the journey ended with the money received (the platform or the cash journal says so). */
export function isPaid(result: PayResult): boolean {
  return (result.via === 'qr' && result.payment.status === 'paid') || (result.via === 'cash' && result.cash.status === 'paid');
}
