// Poll events → device status model and driver events (pure).
import { describe, expect, it } from 'vitest';
import { applyPollEvents, type AcceptorStatus } from '../../../drivers/billAcceptor/ssp/acceptorStatus';
import type { SetupRequestInfo } from '../../../drivers/billAcceptor/ssp/sspMessages';

const setup: SetupRequestInfo = { unitType: 0, firmwareVersion: '0411', currency: 'CNY', valueMultiplier: 0, realValueMultiplier: 100, protocolVersion: 7, channelValues: [1, 5, 10, 20, 50, 100], channelCurrencies: Array(6).fill('CNY') };
const online: AcceptorStatus = { state: 'online', detail: { kind: 'cashAcceptor', stacker: 'ok', escrow: 'empty', jammed: false } };

describe('applyPollEvents', () => {
  it('reports an escrowed note in fen from the channel table', () => {
    const out = applyPollEvents({ status: online, events: [{ type: 'read', channel: 4 }], setup, hostWantsEnabled: true });
    expect(out.escrow).toEqual({ valueFen: 2000, channel: 4 });
    expect(out.status.detail.escrow).toBe('holding');
    expect(out.emit).toEqual([{ type: 'escrow', valueFen: 2000, channel: 4 }]);
  });
  it('maps stacker full, cash box removal, jams and fraud to states', () => {
    expect(applyPollEvents({ status: online, events: [{ type: 'stackerFull' }], setup, hostWantsEnabled: true }).status).toMatchObject({ state: 'userError', detail: { stacker: 'full' } });
    expect(applyPollEvents({ status: online, events: [{ type: 'cashboxRemoved' }], setup, hostWantsEnabled: true }).status).toMatchObject({ state: 'userError', detail: { stacker: 'removed' } });
    expect(applyPollEvents({ status: online, events: [{ type: 'unsafeJam' }], setup, hostWantsEnabled: true }).status).toMatchObject({ state: 'hardwareError', detail: { jammed: true } });
    expect(applyPollEvents({ status: online, events: [{ type: 'safeJam' }], setup, hostWantsEnabled: true }).status).toMatchObject({ state: 'userError', detail: { jammed: true } });
    expect(applyPollEvents({ status: online, events: [{ type: 'fraudAttempt', channel: 0 }], setup, hostWantsEnabled: true }).status.state).toBe('fraudAttempt');
  });
  it('treats DISABLED as a fault only when the host enabled the unit', () => {
    expect(applyPollEvents({ status: online, events: [{ type: 'disabled' }], setup, hostWantsEnabled: false }).status.state).toBe('online');
    const out = applyPollEvents({ status: online, events: [{ type: 'disabled' }], setup, hostWantsEnabled: true });
    expect(out.status.state).toBe('hardwareError');
    expect(out.emit).toEqual([{ type: 'disabled' }]);
  });
  it('clears a full stacker and a jam once the unit stops reporting them; keeps fraud visible', () => {
    const full: AcceptorStatus = { state: 'userError', detail: { kind: 'cashAcceptor', stacker: 'full', escrow: 'empty', jammed: true }, reason: 'x' };
    expect(applyPollEvents({ status: full, events: [], setup, hostWantsEnabled: true }).status).toEqual(online);
    const fraud: AcceptorStatus = { ...online, state: 'fraudAttempt', reason: 'validator reported FRAUD ATTEMPT' };
    expect(applyPollEvents({ status: fraud, events: [], setup, hostWantsEnabled: true }).status.state).toBe('fraudAttempt');
    expect(applyPollEvents({ status: { ...online, detail: { ...online.detail, stacker: 'removed' } }, events: [{ type: 'cashboxReplaced' }], setup, hostWantsEnabled: true }).status).toEqual(online);
  });
});
