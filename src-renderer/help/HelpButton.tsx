// 呼叫帮助 in the header of every citizen screen (#16 item 15): its own element, beside the
// display toggles, so other header buttons (voice's 🔊) sit next to it without touching it.
import { useTranslation } from 'react-i18next';
import { useHelp } from './HelpContext';

export function HelpButton() {
  const { t } = useTranslation('help');
  const help = useHelp();
  return (
    <div className="header__help">
      <button type="button" className="chip chip--help" data-testid="call-help" onClick={help.openHelp}>
        <span aria-hidden="true" className="chip__icon">
          ?
        </span>
        {t('button')}
      </button>
    </div>
  );
}
