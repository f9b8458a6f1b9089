// 缴费, step two: what is owed, to whom, and the ways to pay this kiosk can take now — each with
// what it needs (the payment apps' marks, the notes the acceptor takes) or why it is unavailable.
import { useTranslation } from 'react-i18next';
import type { PayableDetail } from '../../../../src-common/api/fees';
import { formatFen } from '../../../../src-common/domain/money';
import { useKiosk } from '../../../app/KioskContext';
import { PaymentMarks, type PaymentBrand } from '../../../components/icons/PaymentMarks';
import { JourneyLayout } from '../../../components/journey/JourneyLayout';
import { useFormat } from '../../../i18n/format';
import type { PayEvent, PayMethod } from '../payMachine';

const QR_BRANDS: readonly PaymentBrand[] = ['wechatPay', 'alipay', 'unionPay'];

export function usePaymentBrandNames(): Readonly<Record<PaymentBrand, string>> {
  const { t } = useTranslation('pay');
  return { wechatPay: t('brands.wechatPay'), alipay: t('brands.alipay'), unionPay: t('brands.unionPay') };
}

export function ConfirmScreen(props: { readonly detail: PayableDetail; readonly dispatch: (event: PayEvent) => void; readonly steps: readonly string[] }) {
  const { t } = useTranslation('pay');
  const kiosk = useKiosk();
  const format = useFormat();
  const brandNames = usePaymentBrandNames();
  const d = props.detail;
  const caps = kiosk.status.capabilities.capabilities;
  const capability = (name: string) => caps.find((c) => c.capability === name);
  const methods: Array<{ id: PayMethod; available: boolean; reasonKey?: string | undefined }> = [
    { id: 'qrDisplayed', available: Boolean(capability('qrPay')?.available), reasonKey: capability('qrPay')?.reasonKey },
    { id: 'paymentCode', available: Boolean(capability('qrPay')?.available && capability('scan')?.available), reasonKey: capability('qrPay')?.reasonKey ?? capability('scan')?.reasonKey },
    { id: 'cash', available: Boolean(capability('cashIn')?.available), reasonKey: capability('cashIn')?.reasonKey },
  ];
  const hint = (m: (typeof methods)[number]) => {
    if (!m.available) return t('common:home.unavailableWhy', { reason: t(`common:${m.reasonKey ?? 'reason.deviceFault'}`) });
    if (m.id === 'cash') return t('method.cashHint', { notes: format.list(kiosk.status.ui.cashNotesYuan.map(String)) });
    return t(`method.${m.id}Hint`);
  };
  return (
    <JourneyLayout title={t('title')} stepKey="pay-confirm" steps={props.steps} current={d.status === 'paid' ? 1 : 2} onBack={() => props.dispatch({ type: 'back' })} testId="pay-confirm">
      <dl className="card pay-detail">
        <dt>{t('confirm.item')}</dt>
        <dd>{format.text(d.itemName)}</dd>
        <dt>{t('confirm.payee')}</dt>
        <dd>{format.text(d.payee)}</dd>
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
              <button key={m.id} type="button" className={`pay-method ${m.available ? '' : 'pay-method--disabled'}`} aria-disabled={!m.available} data-testid={`pay-method-${m.id}`} onClick={() => m.available && props.dispatch({ type: 'methodChosen', method: m.id })}>
                <strong>{t(`method.${m.id}`)}</strong>
                {m.id !== 'cash' && m.available && <PaymentMarks brands={QR_BRANDS} names={brandNames} />}
                <span>{hint(m)}</span>
              </button>
            ))}
          </div>
        </section>
      )}
    </JourneyLayout>
  );
}
