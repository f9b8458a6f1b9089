// The catalog's reads for the browse step: what this kiosk offers (once), and the search results
// for the text typed (again on every change, the last answer winning).
import { useEffect, useState } from 'react';
import type { Methods } from '../../../src-common/api';
import type { SearchResult } from '../../../src-common/api/catalog';
import type { OutputOf } from '../../../src-common/api/contract';
import { useKiosk } from '../../app/KioskContext';

export type CatalogList = OutputOf<Methods['Catalog.List']>;

/** The offered catalog: `undefined` while loading, `'failed'` when it cannot be loaded. */
export function useCatalogList(): CatalogList | 'failed' | undefined {
  const { client } = useKiosk();
  const [list, setList] = useState<CatalogList | 'failed' | undefined>();
  useEffect(() => {
    let live = true;
    void client.call('Catalog.List', {}).then((r) => live && setList(r.ok ? r.value : 'failed'));
    return () => {
      live = false;
    };
  }, [client]);
  return list;
}

/** Results for `text` (trimmed); `undefined` when not searching or no text yet. */
export function useCatalogSearch(text: string, enabled: boolean): SearchResult[] | undefined {
  const { client } = useKiosk();
  const [results, setResults] = useState<SearchResult[] | undefined>();
  const query = text.trim();
  useEffect(() => {
    if (!enabled || query === '') {
      setResults(undefined);
      return;
    }
    let live = true;
    void client.call('Catalog.Search', { text: query, limit: 30 }).then((r) => live && r.ok && setResults(r.value.results));
    return () => {
      live = false;
    };
  }, [client, query, enabled]);
  return results;
}
