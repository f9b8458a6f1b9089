// 缴费 by QR: the order's code on screen for the citizen's payment app, or the wait for the
// citizen's own payment code at the scanner; then "请在手机上确认支付" while the core polls.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../src-common/domain/money';
import { PaymentMarks } from '../../../components/icons/PaymentMarks';
import { JourneyLayout } from '../../../components/journey/JourneyLayout';
import { QrImage } from '../../../components/QrImage';
import type { PayState } from '../payMachine';
import { usePaymentBrandNames } from './ConfirmScreen';

export function QrScreen(props: { readonly state: Extract<PayState, { kind: 'qr' }>; readonly steps: readonly string[]; readonly onCancel: () => void }) {
  const { t } = useTranslation('pay');
  const brandNames = usePaymentBrandNames();
  const { state } = props;
  return (
    <JourneyLayout title={t('title')} stepKey={`pay-qr-${state.method}`} steps={props.steps} current={3} onBack={props.onCancel} backLabel={t('qr.cancel')} testId="pay-qr">
      <section className="card pay-center">
        <div className="pay-amount">{formatFen(state.detail.amountFen)}</div>
        <PaymentMarks brands={['wechatPay', 'alipay', 'unionPay']} names={brandNames} />
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
