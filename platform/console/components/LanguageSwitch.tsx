// Switches the console between Chinese and English; the button names the other language in that
// language (its visible text is its accessible name).
import { useTranslation } from 'react-i18next';

export function LanguageSwitch({ onSwitch }: { readonly onSwitch: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <button type="button" className="link-button" lang={i18n.language === 'en' ? 'zh-CN' : 'en'} onClick={onSwitch} title={t('language.label')} data-testid="switch-language">
      {t('language.switchTo')}
    </button>
  );
}
