// The 缴费 journey's effects: this session's unpaid fees, the scanner while finding, Fee.Lookup on
// each entry into "lookingUp", and one payment call per entry into "qr" or "cash" (its events
// become machine events). Waits come from the kiosk config (Kiosk.Status `ui`).
import { useEffect, useRef, useState } from 'react';
import type { BilingualText } from '../../../src-common/forms/formSchema';
import type { Fen } from '../../../src-common/domain/money';
import { deviceWaitSeconds } from '../../app/deviceWaits';
import { useKiosk } from '../../app/KioskContext';
import { problemOf } from '../shared/problems';
import { isNoticeNumber, type PayEvent, type PayResult, type PayState } from './payMachine';

export interface SessionFee {
  readonly caseNumber: string;
  readonly name: BilingualText;
  readonly feeFen: Fen;
}

export interface PayEffects {
  /** Unpaid fees of this session's cases. */
  readonly sessionFees: readonly SessionFee[];
  /** Stops the running QR payment (the core cancels the order; nothing is charged). */
  cancelQr(): void;
  /** Ends the cash-in; anything already in becomes a refund claim with a printed slip. */
  cancelCash(): void;
}

export function usePayEffects(state: PayState, dispatch: (event: PayEvent) => void): PayEffects {
  const kiosk = useKiosk();
  const { client } = kiosk;
  const ui = kiosk.status.ui;
  // 长辈模式 waits longer at the bill acceptor and the QR code (#16 item 13).
  const cashSeconds = deviceWaitSeconds(ui, kiosk.elderly, 'Fee.PayCash');
  const displayedSeconds = deviceWaitSeconds(ui, kiosk.elderly, 'Qr.PayByDisplayedCode');
  const paymentCodeSeconds = deviceWaitSeconds(ui, kiosk.elderly, 'Qr.PayByPaymentCode');
  const ensureSession = useRef(kiosk.ensureSession);
  ensureSession.current = kiosk.ensureSession;
  const [sessionFees, setSessionFees] = useState<readonly SessionFee[]>([]);
  const running = useRef<AbortController | undefined>(undefined);
  const latest = useRef(state);
  latest.current = state;

  const finding = state.kind === 'find';
  useEffect(() => {
    if (!finding) return;
    let live = true;
    void ensureSession.current().then(async () => {
      const result = await client.call('Application.SessionCases', {});
      if (live && result.ok) setSessionFees(result.value.cases.filter((c) => c.feeFen > 0 && !c.paid));
    });
    return () => {
      live = false;
    };
  }, [finding, client]);

  // A payment notice or a receipt's case number can also be scanned while choosing what to pay.
  useEffect(() => {
    if (!finding) return;
    const stop = client.subscribe('Scanner.Scans', {}, ({ payload: scan }) => {
      if (scan.kind === 'paymentNotice' && isNoticeNumber(scan.text)) dispatch({ type: 'lookup', payable: { kind: 'notice', noticeNumber: scan.text } });
      else if (scan.kind === 'caseNumber') dispatch({ type: 'lookup', payable: { kind: 'case', caseNumber: scan.text } });
    });
    return stop;
  }, [finding, client, dispatch]);

  const lookingUp = state.kind === 'lookingUp' ? state.payable : undefined;
  useEffect(() => {
    if (!lookingUp) return;
    let live = true;
    void client.call('Fee.Lookup', { payable: lookingUp }).then((result) => {
      if (!live) return;
      if (result.ok) dispatch({ type: 'lookedUp', detail: result.value });
      else dispatch({ type: 'lookupFailed', problem: { kind: 'lookupFailed', failure: problemOf('Fee.Lookup', result.error) } });
    });
    return () => {
      live = false;
    };
  }, [lookingUp, client, dispatch]);

  const paying = state.kind === 'cash' ? 'cash' : state.kind === 'qr' ? state.method : undefined;
  useEffect(() => {
    const current = latest.current;
    if (!paying || (current.kind !== 'cash' && current.kind !== 'qr')) return;
    const payable = current.detail.payable;
    const controller = new AbortController();
    running.current = controller;
    void (async () => {
      let result: PayResult;
      if (paying === 'cash') {
        const r = await client.call(
          'Fee.PayCash',
          { payable, timeoutSeconds: cashSeconds },
          {
            signal: controller.signal,
            onEvent: (e) => {
              switch (e.event) {
                case 'noteEscrowed':
                  return dispatch({ type: 'noteEscrowed' });
                case 'noteStacked':
                  return dispatch({ type: 'noteStacked', paidFen: e.payload.paidFen, remainingFen: e.payload.remainingFen });
                case 'noteRejected':
                  return dispatch({ type: 'noteRejected', valueFen: e.payload.valueFen, maxAcceptableFen: e.payload.maxAcceptableFen });
                case 'deviceProblem':
                  return dispatch({ type: 'deviceProblem', problem: e.payload.problem });
              }
            },
          },
        );
        result = r.ok ? { via: 'cash', cash: r.value.cash, receipt: r.value.receipt } : { via: 'error', problem: problemOf('Fee.PayCash', r.error) };
      } else {
        const name = paying === 'qrDisplayed' ? 'Qr.PayByDisplayedCode' : 'Qr.PayByPaymentCode';
        const r = await client.call(
          name,
          { payable, timeoutSeconds: paying === 'qrDisplayed' ? displayedSeconds : paymentCodeSeconds },
          {
            signal: controller.signal,
            onEvent: (e) => {
              if (e.event === 'orderCreated') dispatch({ type: 'qrOrderCreated', qrContent: e.payload.qrContent, expiresAt: e.payload.expiresAt });
              if (e.event === 'waitingForCode') dispatch({ type: 'qrWaitingForCode' });
              if (e.event === 'codeScanned') dispatch({ type: 'qrCodeScanned' });
              if (e.event === 'userPaying') dispatch({ type: 'qrUserPaying' });
            },
          },
        );
        result = r.ok ? { via: 'qr', payment: r.value } : { via: 'error', problem: problemOf(name, r.error) };
      }
      if (running.current === controller) running.current = undefined;
      dispatch({ type: 'finished', result });
    })();
    // Leaving the journey mid-payment cancels it (the core settles: canceled order, refund claim).
    return () => controller.abort();
  }, [paying, client, dispatch, cashSeconds, displayedSeconds, paymentCodeSeconds]);

  return {
    sessionFees,
    cancelQr: () => running.current?.abort(),
    cancelCash: () => void client.call('Cash.Cancel', {}),
  };
}
