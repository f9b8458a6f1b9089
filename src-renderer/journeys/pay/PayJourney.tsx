// The 缴费 journey: find what to pay (a fee of this visit, a payment notice typed or scanned),
// check the amount, choose QR or cash, pay, and see the core's answer with the receipt outcome.
// Amounts always come from the core; this screen never decides that anything is paid.
import { useReducer } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../src-common/domain/money';
import { ResultScreen } from '../../components/journey/ResultScreen';
import { useErrorSentence } from '../../i18n/useErrorSentence';
import type { JourneyProps } from '../journeyProps';
import { INITIAL_PAY_STATE, isPaid, payReducer, type PayResult } from './payMachine';
import { CashScreen } from './screens/CashScreen';
import { ConfirmScreen } from './screens/ConfirmScreen';
import { FindScreen } from './screens/FindScreen';
import { QrScreen } from './screens/QrScreen';
import { usePayEffects } from './usePayEffects';
import '../../styles/pay.css';

export default function PayJourney(props: JourneyProps) {
  const { t } = useTranslation('pay');
  const errorSentence = useErrorSentence();
  const [state, dispatch] = useReducer(payReducer, INITIAL_PAY_STATE);
  const effects = usePayEffects(state, dispatch);
  const steps = [t('steps.find'), t('steps.confirm'), t('steps.method'), t('steps.pay'), t('steps.done')];

  switch (state.kind) {
    case 'find':
    case 'lookingUp':
      return <FindScreen state={state} dispatch={dispatch} sessionFees={effects.sessionFees} steps={steps} onExit={props.onExit} />;
    case 'confirm':
      return <ConfirmScreen detail={state.detail} dispatch={dispatch} steps={steps} />;
    case 'qr':
      return <QrScreen state={state} steps={steps} onCancel={effects.cancelQr} />;
    case 'cash':
      return <CashScreen state={state} dispatch={dispatch} steps={steps} onCancel={effects.cancelCash} />;
    case 'result': {
      const paid = isPaid(state.outcome);
      return (
        <ResultScreen
          title={paid ? t('result.paid') : t('title')}
          stepKey={paid ? 'pay-result-paid' : 'pay-result-unpaid'}
          steps={steps}
          tone={paid ? 'ok' : 'warn'}
          headline={resultText(state.outcome, t, errorSentence)}
          testId="pay-result"
          another={paid ? { label: t('result.payAnother'), onPress: () => dispatch({ type: 'payAnother' }) } : { label: t('result.again'), onPress: () => dispatch({ type: 'retry' }) }}
        >
          {paid && <ReceiptNotice result={state.outcome} />}
        </ResultScreen>
      );
    }
  }
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The one place a payment's outcome becomes a sentence (the core's technical reason stays in its log). */
function resultText(r: PayResult, t: Translate, errorSentence: ReturnType<typeof useErrorSentence>): string {
  switch (r.via) {
    case 'qr':
      return r.payment.status === 'paid' ? t('result.paidAmount', { amount: formatFen(r.payment.amountFen) }) : t(`result.${r.payment.status}`);
    case 'cash':
      if (r.cash.status === 'paid') return t('result.paidAmount', { amount: formatFen(r.cash.paidFen) });
      if (r.cash.claim && r.cash.claim.amountFen > 0) return t('result.refundClaim', { amount: formatFen(r.cash.claim.amountFen) });
      if (r.cash.status === 'failed') return t('result.cashFailed');
      return r.cash.status === 'timedOut' ? t('result.timedOut') : t('result.canceled');
    case 'error':
      return errorSentence(r.problem.method, r.problem.error);
  }
}

function ReceiptNotice(props: { readonly result: PayResult }) {
  const { t } = useTranslation('pay');
  const receipt = props.result.via === 'qr' ? props.result.payment.receipt : props.result.via === 'cash' ? props.result.receipt : undefined;
  if (!receipt) return null;
  return (
    <p className={`notice ${receipt.outcome === 'printed' ? 'notice--ok' : 'notice--warn'}`} data-testid="pay-receipt">
      {receipt.outcome === 'printed' ? t('result.receiptPrinted') : t('result.receiptFailed')}
    </p>
  );
}
