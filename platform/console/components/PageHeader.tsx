// A page's title (the one h1), an optional line under it, and actions on the right.
import type { ReactNode } from 'react';

export function PageHeader({ title, subtitle, actions }: { readonly title: ReactNode; readonly subtitle?: ReactNode; readonly actions?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}
