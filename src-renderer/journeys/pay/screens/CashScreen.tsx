// 缴费 in cash: due, in and still to insert (each total shown only after the core journaled the
// note); "正在识别…" while a note is in escrow; a returned note said with its numbers (defect 8);
// cancelling with money in asks first and says a refund slip will print.
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../src-common/domain/money';
import { useKiosk } from '../../../app/KioskContext';
import { JourneyLayout } from '../../../components/journey/JourneyLayout';
import { useFormat } from '../../../i18n/format';
import type { CashMessage, PayEvent, PayState } from '../payMachine';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The one place a cash message becomes a sentence: from the event's numbers, in the screen's language. */
export function cashMessageText(message: CashMessage, t: Translate): string {
  switch (message.kind) {
    case 'returned':
      return t('cash.returned', { returned: Math.floor(message.valueFen / 100), max: Math.floor(message.maxAcceptableFen / 100) });
    case 'device':
      return t(`cash.problems.${message.problem}`);
  }
}

export function CashScreen(props: { readonly state: Extract<PayState, { kind: 'cash' }>; readonly dispatch: (event: PayEvent) => void; readonly steps: readonly string[]; readonly onCancel: () => void }) {
  const { t } = useTranslation('pay');
  const kiosk = useKiosk();
  const format = useFormat();
  const { state, dispatch } = props;
  const actions = (
    <button type="button" className="button button--danger" data-testid="cash-cancel" onClick={() => (state.paidFen > 0 ? dispatch({ type: 'cancelRequested' }) : props.onCancel())}>
      {t('cash.cancel')}
    </button>
  );
  return (
    <JourneyLayout title={t('title')} stepKey="pay-cash" steps={props.steps} current={3} actions={actions} testId="pay-cash">
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
      <p className="pay-big" aria-live="polite" data-testid="cash-status">
        {state.checking ? t('cash.checking') : t('cash.insert')}
      </p>
      <p className="notice notice--warn">{t('cash.noChange', { notes: format.list(kiosk.status.ui.cashNotesYuan.map(String)) })}</p>
      {state.message && (
        <p className="notice notice--error" role="alert" data-testid="cash-notice">
          {cashMessageText(state.message, t)}
        </p>
      )}
      {state.confirmingCancel && (
        <div className="overlay overlay--opaque" role="alertdialog" aria-modal="true" aria-labelledby="cash-cancel-title" data-testid="cash-cancel-warning">
          <div className="dialog">
            <h2 id="cash-cancel-title" className="dialog__title">
              {t('cash.cancel')}
            </h2>
            <p className="dialog__body">{t('cash.cancelWarning', { paid: formatFen(state.paidFen) })}</p>
            <div className="dialog__actions">
              <button type="button" className="button button--danger" data-testid="cash-cancel-confirm" onClick={() => {
                  dispatch({ type: 'cancelDismissed' });
                  props.onCancel();
                }}>
                {t('cash.cancelConfirm')}
              </button>
              <button type="button" className="button button--primary" data-testid="cash-keep-paying" onClick={() => dispatch({ type: 'cancelDismissed' })}>
                {t('cash.keepPaying')}
              </button>
            </div>
          </div>
        </div>
      )}
    </JourneyLayout>
  );
}
