// The gentle offer struggle detection makes once per session (#16 item 15): 需要帮助吗? with
// 呼叫帮助 and 不用了. Opaque, like every overlay that can stand over a citizen's details.
import { useTranslation } from 'react-i18next';

export function HelpOffer(props: { readonly onHelp: () => void; readonly onDecline: () => void }) {
  const { t } = useTranslation('help');
  return (
    <div className="overlay overlay--opaque" role="alertdialog" aria-modal="true" aria-labelledby="help-offer-title" aria-describedby="help-offer-body" data-testid="help-offer">
      <div className="dialog">
        <h2 id="help-offer-title" className="dialog__title">
          {t('offerTitle')}
        </h2>
        <p id="help-offer-body" className="dialog__body">
          {t('offerBody')}
        </p>
        <div className="dialog__actions">
          <button type="button" className="button" data-testid="help-offer-decline" onClick={props.onDecline}>
            {t('offerDecline')}
          </button>
          <button type="button" className="button button--primary" data-testid="help-offer-accept" onClick={props.onHelp}>
            {t('offerHelp')}
          </button>
        </div>
      </div>
    </div>
  );
}
