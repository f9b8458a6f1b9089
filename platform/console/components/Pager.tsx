// Keyset paging for any list whose answer carries a "continue after" cursor: the pages already
// visited are a stack of cursors, so "previous" goes back exactly and "next" continues.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The cursor of the current page (undefined = first page) and the moves between pages. */
export function useCursorPages<C>() {
  const [stack, setStack] = useState<ReadonlyArray<C | undefined>>([undefined]);
  const cursor = stack.at(-1);
  const next = useCallback((to: C) => setStack((s) => [...s, to]), []);
  const previous = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([undefined]), []);
  return { cursor, page: stack.length, next, previous, reset };
}

export function Pager({ page, hasNext, onPrevious, onNext, total }: { readonly page: number; readonly hasNext: boolean; readonly onPrevious: () => void; readonly onNext: () => void; readonly total?: number }) {
  const { t } = useTranslation();
  return (
    <nav className="pager" aria-label={t('pager.label')}>
      <button type="button" onClick={onPrevious} disabled={page <= 1} data-testid="pager-previous">
        {t('pager.previous')}
      </button>
      <span aria-live="polite" data-testid="pager-page">
        {t('pager.page', { page })}
        {total !== undefined ? ` · ${t('pager.total', { total })}` : ''}
      </span>
      <button type="button" onClick={onNext} disabled={!hasNext} data-testid="pager-next">
        {t('pager.next')}
      </button>
    </nav>
  );
}
