// The 缴费 journey: find what to pay (a fee of this visit, a payment notice typed or scanned),
// check the amount, choose QR or cash, pay, and see the core's answer with the receipt outcome.
// Amounts always come from the core; this screen never decides that anything is paid.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Payable } from '../../../src-common/api/fees';
import { formatFen, type Fen } from '../../../src-common/domain/money';
import type { JourneyProps } from '../journeyProps';
import { useKiosk } from '../../app/KioskContext';
import { JourneyLayout } from '../../components/journey/JourneyLayout';
import { OnScreenKeyboard } from '../../components/keyboard/OnScreenKeyboard';
import { QrImage } from '../../components/QrImage';
import { useErrorSentence } from '../../i18n/useErrorSentence';
import '../../styles/pay.css';
import { INITIAL_PAY_STATE, isNoticeNumber, isPaid, payReducer, type CashNotice, type PayMethod, type PayResult } from './payMachine';

const STEP_OF = { find: 0, lookingUp: 0, confirm: 1, qr: 3, cash: 3, result: 4 } as const;

export default function PayJourney(props: JourneyProps) {
  const { t, i18n } = useTranslation('pay');
  const kiosk = useKiosk();
  const { client } = kiosk;
  const errorSentence = useErrorSentence();
  const [state, dispatch] = useReducer(payReducer, INITIAL_PAY_STATE);
  const [notice, setNotice] = useState('');
  const [cases, setCases] = useState<Array<{ caseNumber: string; name: { zh: string; en: string }; feeFen: Fen }>>([]);
  const running = useRef<AbortController | undefined>(undefined);
  const zh = i18n.language !== 'en';
  const local = (text: { zh: string; en: string }) => (zh ? text.zh : text.en);

  useEffect(() => {
    void kiosk.ensureSession().then(async () => {
      const result = await client.call('Application.SessionCases', {});
      if (result.ok) setCases(result.value.cases.filter((c) => c.feeFen > 0 && !c.paid));
    });
    return () => running.current?.abort();
  }, [client]);

  const lookup = useCallback(
    async (payable: Payable) => {
      dispatch({ type: 'lookupStarted' });
      const result = await client.call('Fee.Lookup', { payable });
      if (result.ok) dispatch({ type: 'lookedUp', detail: result.value });
      else dispatch({ type: 'lookupFailed', error: errorSentence('Fee.Lookup', result.error) });
    },
    [client, errorSentence],
  );

  // A payment notice or case number can also be scanned while choosing what to pay.
  useEffect(() => {
    if (state.kind !== 'find') return;
    const stop = client.subscribe('Scanner.Scans', {}, ({ payload: scan }) => {
      if (scan.kind === 'paymentNotice' && isNoticeNumber(scan.text)) void lookup({ kind: 'notice', noticeNumber: scan.text });
      else if (scan.kind === 'caseNumber') void lookup({ kind: 'case', caseNumber: scan.text });
    });
    return stop;
  }, [client, lookup, state.kind]);

  const pay = async (method: PayMethod) => {
    if (state.kind !== 'confirm') return;
    const payable = state.detail.payable;
    dispatch({ type: 'methodChosen', method });
    const controller = new AbortController();
    running.current = controller;
    let result: PayResult;
    if (method === 'cash') {
      const r = await client.call(
        'Fee.PayCash',
        { payable, timeoutSeconds: 300 },
        {
          signal: controller.signal,
          onEvent: (e) => {
            if (e.event === 'noteStacked') dispatch({ type: 'noteStacked', paidFen: e.payload.paidFen, remainingFen: e.payload.remainingFen });
            if (e.event === 'noteRejected') dispatch({ type: 'cashNotice', notice: { kind: 'noteRejected', maxAcceptableFen: e.payload.maxAcceptableFen } });
            if (e.event === 'deviceProblem') dispatch({ type: 'cashNotice', notice: { kind: 'deviceProblem', problem: e.payload.problem } });
          },
        },
      );
      result = r.ok ? { via: 'cash', cash: r.value.cash, receipt: r.value.receipt } : { via: 'error', method: 'Fee.PayCash', error: r.error };
    } else {
      const name = method === 'qrDisplayed' ? 'Qr.PayByDisplayedCode' : 'Qr.PayByPaymentCode';
      const r = await client.call(
        name,
        { payable, timeoutSeconds: method === 'qrDisplayed' ? 120 : 60 },
        {
          signal: controller.signal,
          onEvent: (e) => {
            switch (e.event) {
              case 'orderCreated':
                return dispatch({ type: 'qrOrderCreated', qrContent: e.payload.qrContent, expiresAt: e.payload.expiresAt });
              case 'waitingForCode':
                return dispatch({ type: 'qrWaitingForCode' });
              case 'codeScanned':
                return dispatch({ type: 'qrCodeScanned' });
              case 'userPaying':
                return dispatch({ type: 'qrUserPaying' });
            }
          },
        },
      );
      result = r.ok ? { via: 'qr', payment: r.value } : { via: 'error', method: name, error: r.error };
    }
    running.current = undefined;
    dispatch({ type: 'finished', result });
  };

  const cancelCash = async () => {
    dispatch({ type: 'cancelDismissed' });
    await client.call('Cash.Cancel', {});
  };

  const steps = [t('steps.find'), t('steps.confirm'), t('steps.method'), t('steps.pay'), t('steps.done')];
  const caps = kiosk.status.capabilities.capabilities;
  const capability = (name: string) => caps.find((c) => c.capability === name);

  switch (state.kind) {
    case 'find':
    case 'lookingUp':
      return (
        <JourneyLayout title={t('title')} steps={steps} current={STEP_OF[state.kind]} onBack={props.onExit} testId="pay-find">
          <section className="card">
            <h2>{t('find.sessionCases')}</h2>
            {cases.length === 0 ? (
              <p className="muted">{t('find.noSessionCases')}</p>
            ) : (
              <div className="pay-options">
                {cases.map((c) => (
                  <button key={c.caseNumber} type="button" className="pay-option" data-testid={`pay-case-${c.caseNumber}`} onClick={() => void lookup({ kind: 'case', caseNumber: c.caseNumber })}>
                    <span>{t('find.caseFee', { name: local(c.name), caseNumber: c.caseNumber })}</span>
                    <strong>{formatFen(c.feeFen)}</strong>
                  </button>
                ))}
              </div>
            )}
          </section>
          <section className="card">
            <h2 id="notice-label">{t('find.notice')}</h2>
            <p className="muted">{t('find.noticeHint')}</p>
            <input className="pay-notice" aria-labelledby="notice-label" data-testid="notice-input" readOnly inputMode="none" value={notice} />
            {state.kind === 'find' && state.error && (
              <p className="notice notice--error" role="alert" data-testid="pay-error">
                {state.error}
              </p>
            )}
            <OnScreenKeyboard value={notice} onChange={setNotice} modes={['digits']} maxLength={20} onDone={() => isNoticeNumber(notice) && void lookup({ kind: 'notice', noticeNumber: notice })} />
            <div className="pay-row">
              <p className="muted">{t('find.scan')}</p>
              <button
                type="button"
                className="button button--primary"
                data-testid="notice-lookup"
                disabled={state.kind === 'lookingUp'}
                onClick={() => (isNoticeNumber(notice) ? void lookup({ kind: 'notice', noticeNumber: notice }) : dispatch({ type: 'lookupFailed', error: t('find.noticeInvalid') }))}
              >
                {state.kind === 'lookingUp' ? t('find.looking') : t('find.lookup')}
              </button>
            </div>
          </section>
        </JourneyLayout>
      );
    case 'confirm': {
      const d = state.detail;
      const methods: Array<{ id: PayMethod; available: boolean; reasonKey?: string }> = [
        { id: 'qrDisplayed', available: Boolean(capability('qrPay')?.available), reasonKey: capability('qrPay')?.reasonKey },
        { id: 'paymentCode', available: Boolean(capability('qrPay')?.available && capability('scan')?.available), reasonKey: capability('qrPay')?.reasonKey ?? capability('scan')?.reasonKey },
        { id: 'cash', available: Boolean(capability('cashIn')?.available), reasonKey: capability('cashIn')?.reasonKey },
      ];
      return (
        <JourneyLayout title={t('title')} steps={steps} current={d.status === 'paid' ? 1 : 2} onBack={() => dispatch({ type: 'restart' })} testId="pay-confirm">
          <dl className="card pay-detail">
            <dt>{t('confirm.item')}</dt>
            <dd>{local(d.itemName)}</dd>
            <dt>{t('confirm.payee')}</dt>
            <dd>{local(d.payee)}</dd>
            <dt>{t('confirm.payer')}</dt>
            <dd>{d.payerMasked}</dd>
            <dt>{t('confirm.amount')}</dt>
            <dd className="pay-amount" data-testid="pay-amount">
              {formatFen(d.amountFen)}
            </dd>
          </dl>
          {d.status === 'paid' ? (
            <p className="notice notice--ok">{t('confirm.alreadyPaid')}</p>
          ) : (
            <section>
              <h2>{t('method.title')}</h2>
              <div className="pay-methods">
                {methods.map((m) => (
                  <button key={m.id} type="button" className={`pay-method ${m.available ? '' : 'pay-method--disabled'}`} aria-disabled={!m.available} data-testid={`pay-method-${m.id}`} onClick={() => m.available && void pay(m.id)}>
                    <strong>{t(`method.${m.id}`)}</strong>
                    <span>{m.available ? t(`method.${m.id}Hint`) : kiosk.status && m.reasonKey ? `${t('common:home.unavailable')}:${t(`common:${m.reasonKey}`)}` : t('common:home.unavailable')}</span>
                  </button>
                ))}
              </div>
            </section>
          )}
        </JourneyLayout>
      );
    }
    case 'qr':
      return (
        <JourneyLayout title={t('title')} steps={steps} current={3} onBack={() => running.current?.abort()} backLabel={t('common:common.cancel')} testId="pay-qr">
          <section className="card pay-center">
            <div className="pay-amount">{formatFen(state.detail.amountFen)}</div>
            {state.method === 'qrDisplayed' && state.qrContent && state.phase !== 'userPaying' && (
              <>
                <QrImage content={state.qrContent} size={420} label={t('qr.scanThis')} testId="pay-qr-code" />
                <p className="pay-big">{t('qr.scanThis')}</p>
                {state.expiresAt && <Countdown until={state.expiresAt} render={(s) => t('qr.expiresIn', { seconds: s })} />}
              </>
            )}
            {state.phase === 'creating' && <p className="pay-big">{t('qr.creating')}</p>}
            {state.phase === 'waitingForCode' && (
              <p className="pay-big" data-testid="pay-waiting-code">
                {t('qr.waitingForCode')}
              </p>
            )}
            {state.phase === 'codeScanned' && <p className="pay-big">{t('qr.codeScanned')}</p>}
            {state.phase === 'userPaying' && (
              <p className="pay-big" data-testid="pay-user-paying">
                {t('qr.userPaying')}
              </p>
            )}
          </section>
        </JourneyLayout>
      );
    case 'cash':
      return (
        <JourneyLayout title={t('title')} steps={steps} current={3} testId="pay-cash">
          <section className="card pay-cash">
            <div className="pay-cash__figure">
              <span>{t('cash.due')}</span>
              <strong>{formatFen(state.detail.amountFen)}</strong>
            </div>
            <div className="pay-cash__figure pay-cash__figure--paid">
              <span>{t('cash.paid')}</span>
              <strong data-testid="cash-paid">{formatFen(state.paidFen)}</strong>
            </div>
            <div className="pay-cash__figure pay-cash__figure--remaining">
              <span>{t('cash.remaining')}</span>
              <strong data-testid="cash-remaining">{formatFen(state.remainingFen)}</strong>
            </div>
          </section>
          <p className="pay-big">{t('cash.insert')}</p>
          <p className="notice notice--warn">{t('cash.noChange')}</p>
          {state.notice && (
            <p className="notice notice--error" role="alert" data-testid="cash-notice">
              {cashNoticeSentence(t, state.notice)}
            </p>
          )}
          <div className="journey__footer">
            <button type="button" className="button button--danger" data-testid="cash-cancel" onClick={() => (state.paidFen > 0 ? dispatch({ type: 'cancelRequested' }) : void cancelCash())}>
              {t('cash.cancel')}
            </button>
          </div>
          {state.confirmingCancel && (
            <div className="overlay" role="alertdialog" aria-modal="true" aria-labelledby="cash-cancel-title" data-testid="cash-cancel-warning">
              <div className="dialog">
                <h2 id="cash-cancel-title" className="dialog__title">
                  {t('cash.cancel')}
                </h2>
                <p className="dialog__body">{t('cash.cancelWarning', { paid: formatFen(state.paidFen) })}</p>
                <div className="dialog__actions">
                  <button type="button" className="button button--primary" data-testid="cash-keep-paying" onClick={() => dispatch({ type: 'cancelDismissed' })}>
                    {t('cash.keepPaying')}
                  </button>
                  <button type="button" className="button button--danger" data-testid="cash-cancel-confirm" onClick={() => void cancelCash()}>
                    {t('cash.cancelConfirm')}
                  </button>
                </div>
              </div>
            </div>
          )}
        </JourneyLayout>
      );
    case 'result':
      return <PayResultScreen result={state.outcome} amountFen={state.detail.amountFen} onAgain={() => dispatch({ type: 'restart' })} onFinish={() => void kiosk.endSession('completed')} />;
  }
}

/** The sentence for a cash notice: the largest note that fits, or what the acceptor reported. */
function cashNoticeSentence(t: (key: string, options?: Record<string, unknown>) => string, notice: CashNotice): string {
  switch (notice.kind) {
    case 'noteRejected':
      return t('cash.noteTooLarge', { yuan: Math.floor(notice.maxAcceptableFen / 100) });
    case 'deviceProblem':
      return t(`cash.problems.${notice.problem}`);
  }
}

function Countdown(props: { readonly until: string; readonly render: (seconds: number) => string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.round((Date.parse(props.until) - now) / 1000));
  return <p className="muted">{props.render(seconds)}</p>;
}

function PayResultScreen(props: { readonly result: PayResult; readonly amountFen: Fen; readonly onAgain: () => void; readonly onFinish: () => void }) {
  const { t } = useTranslation('pay');
  const errorSentence = useErrorSentence();
  const r = props.result;
  const paid = isPaid(r);
  let message: string;
  let receipt: { outcome: string } | undefined;
  if (r.via === 'qr') {
    receipt = r.payment.receipt;
    message = paid ? t('result.paidAmount', { amount: formatFen(r.payment.amountFen) }) : t(`result.${r.payment.status}`);
  } else if (r.via === 'cash') {
    receipt = r.receipt;
    if (paid) message = t('result.paidAmount', { amount: formatFen(r.cash.paidFen) });
    else if (r.cash.claim && r.cash.claim.amountFen > 0) message = t('result.refundClaim', { amount: formatFen(r.cash.claim.amountFen) });
    else if (r.cash.status === 'failed') message = t('result.cashFailed');
    else message = t('result.canceled');
  } else {
    message = errorSentence(r.method, r.error);
  }
  return (
    <JourneyLayout title={paid ? t('result.paid') : t('title')} steps={undefined} testId="pay-result">
      <section className={`card pay-center ${paid ? 'pay-result--ok' : 'pay-result--fail'}`}>
        <div className="pay-result__mark" aria-hidden="true">
          {paid ? '✓' : '!'}
        </div>
        <p className="pay-big" data-testid="pay-result-message">
          {message}
        </p>
        {paid && receipt && (
          <p className={`notice ${receipt.outcome === 'printed' ? 'notice--ok' : 'notice--warn'}`} data-testid="pay-receipt">
            {receipt.outcome === 'printed' ? t('result.receiptPrinted') : t('result.receiptFailed')}
          </p>
        )}
      </section>
      <div className="journey__footer">
        <button type="button" className="button" data-testid="pay-again" onClick={props.onAgain}>
          {paid ? t('result.payAnother') : t('result.again')}
        </button>
        <button type="button" className="button button--primary" data-testid="pay-finish" onClick={props.onFinish}>
          {t('result.finish')}
        </button>
      </div>
    </JourneyLayout>
  );
}
