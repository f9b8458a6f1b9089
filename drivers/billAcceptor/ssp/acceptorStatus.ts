// Pure mapping from SSP poll events to the device status model (src-common/domain/device.ts,
// CashAcceptorDetail) and to the events the driver announces. No I/O: fed one poll at a time.
import type { DeviceDetail, DeviceState } from '../../../src-common/domain/device';
import type { SspEvent } from './events';
import type { SetupRequestInfo } from './sspMessages';

type CashAcceptorDetail = Extract<DeviceDetail, { kind: 'cashAcceptor' }>;

export interface AcceptorStatus {
  readonly state: DeviceState;
  readonly detail: CashAcceptorDetail;
  readonly reason?: string;
}

/** What the driver tells its owner. */
export type BillAcceptorEvent =
  | { readonly type: 'connected'; readonly setup: SetupRequestInfo } // link up and configured
  | { readonly type: 'disconnected'; readonly reason: string } // link lost; reconnecting
  | { readonly type: 'escrow'; readonly valueFen: number; readonly channel: number } // note held, decision pending
  | { readonly type: 'credit'; readonly valueFen: number; readonly channel: number } // note past the credit point
  | { readonly type: 'clearedIntoCashbox'; readonly valueFen: number } // power-up: a note went into the box
  | { readonly type: 'returned' } // a note went back to the citizen
  | { readonly type: 'fraudAttempt' }
  | { readonly type: 'jam'; readonly safe: boolean }
  | { readonly type: 'stackerFull' }
  | { readonly type: 'cashboxRemoved' }
  | { readonly type: 'cashboxReplaced' }
  | { readonly type: 'disabled' }; // the unit reports itself disabled while the host wants it enabled

export interface PollInput {
  readonly status: AcceptorStatus;
  readonly events: readonly SspEvent[];
  readonly setup: SetupRequestInfo;
  /** DISABLED is only a fault when the host has enabled the unit. */
  readonly hostWantsEnabled: boolean;
}

export interface PollOutcome {
  readonly status: AcceptorStatus;
  readonly emit: readonly BillAcceptorEvent[];
  /** The note now held in escrow, awaiting the host's decision. */
  readonly escrow: { valueFen: number; channel: number } | undefined;
}

export function applyPollEvents(input: PollInput): PollOutcome {
  const emit: BillAcceptorEvent[] = [];
  let escrow: { valueFen: number; channel: number } | undefined;
  const detail = { ...input.status.detail };
  let state: DeviceState = 'online';
  let reason: string | undefined;
  const valueOf = (channel: number) => (input.setup.channelValues[channel - 1] ?? 0) * 100;
  const seen = new Set(input.events.map((e) => e.type));
  for (const event of input.events) {
    switch (event.type) {
      case 'read':
        if (event.channel > 0) {
          escrow = { valueFen: valueOf(event.channel), channel: event.channel };
          detail.escrow = 'holding';
          emit.push({ type: 'escrow', ...escrow });
        }
        break;
      case 'credit':
        detail.escrow = 'empty';
        emit.push({ type: 'credit', valueFen: valueOf(event.channel), channel: event.channel });
        break;
      case 'clearedIntoCashbox':
        if (event.channel > 0) emit.push({ type: 'clearedIntoCashbox', valueFen: valueOf(event.channel) });
        break;
      case 'rejected':
      case 'clearedFromFront':
        detail.escrow = 'empty';
        emit.push({ type: 'returned' });
        break;
      case 'fraudAttempt':
        state = 'fraudAttempt';
        reason = 'validator reported FRAUD ATTEMPT';
        emit.push({ type: 'fraudAttempt' });
        break;
      case 'unsafeJam':
      case 'safeJam':
        detail.jammed = true;
        state = event.type === 'unsafeJam' ? 'hardwareError' : 'userError';
        reason = `validator reported ${event.type === 'unsafeJam' ? 'UNSAFE' : 'SAFE'} NOTE JAM`;
        if (!input.status.detail.jammed) emit.push({ type: 'jam', safe: event.type === 'safeJam' });
        break;
      case 'stackerFull':
        detail.stacker = 'full';
        if (state === 'online') state = 'userError';
        reason ??= 'validator reported STACKER FULL';
        if (input.status.detail.stacker !== 'full') emit.push({ type: 'stackerFull' });
        break;
      case 'cashboxRemoved':
        detail.stacker = 'removed';
        emit.push({ type: 'cashboxRemoved' });
        break;
      case 'cashboxReplaced':
        detail.stacker = 'ok';
        emit.push({ type: 'cashboxReplaced' });
        break;
      case 'disabled':
        if (input.hostWantsEnabled) {
          reason ??= 'validator reports DISABLED while the host enabled it';
          if (state === 'online') state = 'hardwareError';
          emit.push({ type: 'disabled' });
        }
        break;
      case 'slaveReset':
      case 'rejecting':
      case 'stacking':
      case 'stacked':
      case 'notePathOpen':
      case 'channelDisable':
        break;
      default:
        event satisfies never;
    }
  }
  // Conditions that clear: a jam or full stacker the unit no longer reports in this poll.
  if (!seen.has('unsafeJam') && !seen.has('safeJam')) detail.jammed = false;
  if (!seen.has('stackerFull') && detail.stacker === 'full') detail.stacker = 'ok';
  if (detail.stacker === 'removed' && state === 'online') {
    state = 'userError';
    reason = 'cash box removed';
  }
  if (state === 'online' && input.status.state === 'fraudAttempt' && !seen.has('fraudAttempt')) {
    // Fraud stays visible until a technician looks: it is cleared only by a reconnect.
    state = 'fraudAttempt';
    reason = input.status.reason;
  }
  return { status: { state, detail: { ...detail }, ...(reason ? { reason } : {}) }, emit, escrow };
}
