// A UTC time shown in Asia/Shanghai, in the page's language, with a machine-readable <time>.
import { useTranslation } from 'react-i18next';
import { formatAge, formatTime } from '../i18n';

export function TimeText({ iso, relative = false, now = Date.now() }: { readonly iso: string | null; readonly relative?: boolean; readonly now?: number }) {
  const { t, i18n } = useTranslation();
  if (!iso) return <span className="muted">{t('never')}</span>;
  const absolute = formatTime(iso, i18n.language)!;
  return (
    <time dateTime={iso} title={absolute}>
      {relative ? `${formatAge(iso, now, i18n.language)} · ${absolute}` : absolute}
    </time>
  );
}
