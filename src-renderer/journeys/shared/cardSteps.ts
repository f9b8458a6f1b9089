// The first two steps of every journey that reads the ID card (办事, 取证, 打印证明) as a pure
// reducer: consent (what is read and why; nothing read yet), then the card itself, one read per
// attempt. A journey embeds this state and hands card events to `cardStepReducer`.
import type { CallError } from '../../../src-common/api/client';

/** Why the ID card step is not done yet. */
export type ReaderState =
  | { readonly kind: 'waiting' } // asked the reader to wait for a card; nothing placed yet
  | { readonly kind: 'cardPresent' } // a card is on the reader; reading starts
  | { readonly kind: 'reading' } // the reader is reading the card
  | { readonly kind: 'failed'; readonly reason: 'badCheck' } // the number on the card fails its check digit: a window must handle it (no retry)
  | { readonly kind: 'failed'; readonly reason: 'readError'; readonly error: CallError<'IdCard.WaitForCard'> }; // the read stopped (no card in time, unreadable, reader down): the sentence comes from the error code; the citizen may retry

export type CardStepState =
  | { readonly kind: 'consent' } // what is read from the card and why; nothing read yet
  | { readonly kind: 'identify'; readonly reader: ReaderState; readonly attempt: number }; // waiting for / reading the card

export type CardStepEvent =
  | { readonly type: 'consentGiven' }
  | { readonly type: 'reader'; readonly reader: ReaderState }
  | { readonly type: 'retryRead' };

export const CONSENT: CardStepState = { kind: 'consent' };

export function isCardStep(state: { readonly kind: string }): state is CardStepState {
  return state.kind === 'consent' || state.kind === 'identify';
}

export function cardStepReducer(state: CardStepState, event: CardStepEvent): CardStepState {
  switch (event.type) {
    case 'consentGiven':
      return state.kind === 'consent' ? { kind: 'identify', reader: { kind: 'waiting' }, attempt: 1 } : state;
    case 'reader':
      return state.kind === 'identify' ? { ...state, reader: event.reader } : state;
    case 'retryRead':
      return state.kind === 'identify' && !(state.reader.kind === 'failed' && state.reader.reason === 'badCheck') ? { kind: 'identify', reader: { kind: 'waiting' }, attempt: state.attempt + 1 } : state;
  }
}
