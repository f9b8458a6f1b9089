// SSP poll events of a banknote validator (docs/protocols/itl-ssp.md#poll-events), parsed from a POLL reply. The host
// pins protocol version 7 so READ/CREDIT carry a 1-byte channel (never the 7-byte SMART form).
import { err, ok, type Result } from '../../../src-common/result';

/** One poll event, oldest first as the device reports them. */
export type SspEvent =
  | { readonly type: 'slaveReset' } // F1: power-up or reset
  | { readonly type: 'read'; readonly channel: number } // EF: 0 = reading, n = valid note of channel n held in escrow
  | { readonly type: 'credit'; readonly channel: number } // EE: credit point passed, credit the citizen now
  | { readonly type: 'rejecting' } // ED
  | { readonly type: 'rejected' } // EC: LAST REJECT CODE explains why
  | { readonly type: 'stacking' } // CC
  | { readonly type: 'stacked' } // EB
  | { readonly type: 'unsafeJam' } // E9: note may be reachable from the front
  | { readonly type: 'safeJam' } // EA
  | { readonly type: 'disabled' } // E8
  | { readonly type: 'fraudAttempt'; readonly channel: number } // E6: channel or 0
  | { readonly type: 'stackerFull' } // E7
  | { readonly type: 'clearedFromFront'; readonly channel: number } // E1: at power-up
  | { readonly type: 'clearedIntoCashbox'; readonly channel: number } // E2: at power-up, the note is in the box
  | { readonly type: 'cashboxRemoved' } // E3
  | { readonly type: 'cashboxReplaced' } // E4
  | { readonly type: 'notePathOpen' } // E0
  | { readonly type: 'channelDisable' }; // B5: every channel inhibited

export type SspEventType = SspEvent['type'];

/** Event codes and their data sizes: the table the parser and the simulator share. */
export const EVENT_CODES: Readonly<Record<SspEventType, { readonly code: number; readonly hasChannel: boolean }>> = {
  slaveReset: { code: 0xf1, hasChannel: false },
  read: { code: 0xef, hasChannel: true },
  credit: { code: 0xee, hasChannel: true },
  rejecting: { code: 0xed, hasChannel: false },
  rejected: { code: 0xec, hasChannel: false },
  stacking: { code: 0xcc, hasChannel: false },
  stacked: { code: 0xeb, hasChannel: false },
  unsafeJam: { code: 0xe9, hasChannel: false },
  safeJam: { code: 0xea, hasChannel: false },
  disabled: { code: 0xe8, hasChannel: false },
  fraudAttempt: { code: 0xe6, hasChannel: true },
  stackerFull: { code: 0xe7, hasChannel: false },
  clearedFromFront: { code: 0xe1, hasChannel: true },
  clearedIntoCashbox: { code: 0xe2, hasChannel: true },
  cashboxRemoved: { code: 0xe3, hasChannel: false },
  cashboxReplaced: { code: 0xe4, hasChannel: false },
  notePathOpen: { code: 0xe0, hasChannel: false },
  channelDisable: { code: 0xb5, hasChannel: false },
};

const TYPE_BY_CODE = new Map<number, SspEventType>(Object.entries(EVENT_CODES).map(([type, { code }]) => [code, type as SspEventType]));

/**
 * Parses the events after the OK byte of a POLL reply. An unknown event code makes the rest of the
 * reply unparseable (sizes unknown), so it is an error naming the code; events before it are kept.
 */
export function parsePollEvents(afterOk: Uint8Array): Result<SspEvent[], { readonly message: string; readonly parsed: SspEvent[] }> {
  const events: SspEvent[] = [];
  let i = 0;
  while (i < afterOk.length) {
    const code = afterOk[i]!;
    const type = TYPE_BY_CODE.get(code);
    if (!type) return err({ message: `unknown poll event 0x${code.toString(16)} at offset ${i}`, parsed: events });
    if (EVENT_CODES[type].hasChannel) {
      if (i + 1 >= afterOk.length) return err({ message: `poll event 0x${code.toString(16)} lacks its channel byte`, parsed: events });
      events.push({ type, channel: afterOk[i + 1]! } as SspEvent);
      i += 2;
    } else {
      events.push({ type } as SspEvent);
      i += 1;
    }
  }
  return ok(events);
}

/** Encodes events as the simulator sends them after the OK byte. */
export function encodePollEvents(events: readonly SspEvent[]): number[] {
  const out: number[] = [];
  for (const event of events) {
    out.push(EVENT_CODES[event.type].code);
    if ('channel' in event) out.push(event.channel);
  }
  return out;
}
