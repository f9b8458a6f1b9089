// A kiosk's liveness as a badge: a shape and a word as well as a colour (colour is never the only signal).
import { useTranslation } from 'react-i18next';
import type { KioskLiveness } from '../../api/fleet';

const SHAPES: Readonly<Record<KioskLiveness, string>> = { online: '●', degraded: '▲', offline: '■', never: '○' };

export function StatusBadge({ status }: { readonly status: KioskLiveness }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${status}`} title={t(`statusHint.${status}`)} data-status={status}>
      <span aria-hidden="true">{SHAPES[status]}</span> {t(`status.${status}`)}
    </span>
  );
}
