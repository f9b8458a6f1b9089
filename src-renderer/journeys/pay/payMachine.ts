// The 缴费 journey as an explicit state machine (design.md §8): a pure reducer from
// (state, event) to the next state. Screens only render the state and dispatch events.
import type { ApiError } from '../../../src-common/api/envelope';
import type { CashDeviceProblem, CashInResult } from '../../../src-common/api/payments';
import type { PayableDetail, PaymentOutcome } from '../../../src-common/api/fees';
import { fen, type Fen } from '../../../src-common/domain/money';

export type PayMethod = 'qrDisplayed' | 'paymentCode' | 'cash';

/** What the cash screen tells the citizen while notes go in; the screen makes the sentence. */
export type CashNotice =
  /** A note was returned: it exceeds what is still due (no change is given). */
  | { readonly kind: 'noteRejected'; readonly maxAcceptableFen: Fen }
  /** The bill acceptor reported a problem. */
  | { readonly kind: 'deviceProblem'; readonly problem: CashDeviceProblem };

export type PayState =
  /** Choosing what to pay: a fee of this session or a payment notice number. */
  | { readonly kind: 'find'; readonly error?: string }
  /** Waiting for Fee.Lookup. */
  | { readonly kind: 'lookingUp' }
  /** Showing what is owed; the citizen picks a method next. */
  | { readonly kind: 'confirm'; readonly detail: PayableDetail }
  /** QR on screen (or waiting for the citizen's payment code), polling in the core. */
  | { readonly kind: 'qr'; readonly detail: PayableDetail; readonly method: 'qrDisplayed' | 'paymentCode'; readonly qrContent?: string; readonly expiresAt?: string; readonly phase: 'creating' | 'waitingForCode' | 'codeScanned' | 'showing' | 'userPaying' }
  /** Cash-in running: the running total is shown only after each note is journaled in the core. */
  | { readonly kind: 'cash'; readonly detail: PayableDetail; readonly paidFen: Fen; readonly remainingFen: Fen; readonly notice?: CashNotice; readonly confirmingCancel: boolean }
  /** Finished, with the core's answer (never a guess). */
  | { readonly kind: 'result'; readonly detail: PayableDetail; readonly outcome: PayResult };

export type PayResult =
  | { readonly via: 'qr'; readonly payment: PaymentOutcome }
  | { readonly via: 'cash'; readonly cash: CashInResult; readonly receipt: PaymentOutcome['receipt'] }
  /** The payment did not start or the call failed: the method and its error, for the sentence. */
  | { readonly via: 'error'; readonly method: 'Fee.PayCash' | 'Qr.PayByDisplayedCode' | 'Qr.PayByPaymentCode'; readonly error: ApiError };

export type PayEvent =
  | { readonly type: 'lookupStarted' }
  | { readonly type: 'lookupFailed'; readonly error: string }
  | { readonly type: 'lookedUp'; readonly detail: PayableDetail }
  | { readonly type: 'methodChosen'; readonly method: PayMethod }
  | { readonly type: 'qrOrderCreated'; readonly qrContent: string; readonly expiresAt: string }
  | { readonly type: 'qrWaitingForCode' }
  | { readonly type: 'qrCodeScanned' }
  | { readonly type: 'qrUserPaying' }
  | { readonly type: 'noteStacked'; readonly paidFen: Fen; readonly remainingFen: Fen }
  | { readonly type: 'cashNotice'; readonly notice: CashNotice }
  | { readonly type: 'cancelRequested' }
  | { readonly type: 'cancelDismissed' }
  | { readonly type: 'finished'; readonly result: PayResult }
  | { readonly type: 'restart' };

export const INITIAL_PAY_STATE: PayState = { kind: 'find' };

export function payReducer(state: PayState, event: PayEvent): PayState {
  switch (event.type) {
    case 'restart':
      return INITIAL_PAY_STATE;
    case 'lookupStarted':
      return state.kind === 'find' ? { kind: 'lookingUp' } : state;
    case 'lookupFailed':
      return state.kind === 'lookingUp' ? { kind: 'find', error: event.error } : state;
    case 'lookedUp':
      return state.kind === 'lookingUp' ? { kind: 'confirm', detail: event.detail } : state;
    case 'methodChosen':
      if (state.kind !== 'confirm' || state.detail.status === 'paid') return state;
      return event.method === 'cash'
        ? { kind: 'cash', detail: state.detail, paidFen: fen(0), remainingFen: state.detail.amountFen, confirmingCancel: false }
        : { kind: 'qr', detail: state.detail, method: event.method, phase: event.method === 'paymentCode' ? 'waitingForCode' : 'creating' };
    case 'qrOrderCreated':
      return state.kind === 'qr' ? { ...state, qrContent: event.qrContent, expiresAt: event.expiresAt, phase: 'showing' } : state;
    case 'qrWaitingForCode':
      return state.kind === 'qr' ? { ...state, phase: 'waitingForCode' } : state;
    case 'qrCodeScanned':
      return state.kind === 'qr' ? { ...state, phase: 'codeScanned' } : state;
    case 'qrUserPaying':
      return state.kind === 'qr' ? { ...state, phase: 'userPaying' } : state;
    case 'noteStacked': {
      if (state.kind !== 'cash') return state;
      const { notice: _cleared, ...rest } = state;
      return { ...rest, paidFen: event.paidFen, remainingFen: event.remainingFen };
    }
    case 'cashNotice':
      return state.kind === 'cash' ? { ...state, notice: event.notice } : state;
    case 'cancelRequested':
      return state.kind === 'cash' ? { ...state, confirmingCancel: true } : state;
    case 'cancelDismissed':
      return state.kind === 'cash' ? { ...state, confirmingCancel: false } : state;
    case 'finished':
      return state.kind === 'qr' || state.kind === 'cash' || state.kind === 'confirm' ? { kind: 'result', detail: state.detail, outcome: event.result } : state;
  }
}

/** Whether the journey ended with the money received (the platform or the cash journal says so). */
export function isPaid(result: PayResult): boolean {
  return (result.via === 'qr' && result.payment.status === 'paid') || (result.via === 'cash' && result.cash.status === 'paid');
}

/** A payment notice number is 20 digits (a documented assumption of the scanner classifier). */
export function isNoticeNumber(text: string): boolean {
  return /^\d{20}$/.test(text);
}
