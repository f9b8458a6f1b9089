// The audit log, newest first: filters by actor, action (prefix ending in ".") and outcome, kept
// in the URL; keyset paging backwards in time.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'wouter';
import { AuditOutcome, listAudit, type AuditEntry } from '../../../api/audit';

import { useEndpoint } from '../../api/hooks';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FilterBar, SelectField, TextField } from '../../components/FilterBar';
import { PageHeader } from '../../components/PageHeader';
import { Pager, useCursorPages } from '../../components/Pager';
import { TimeText } from '../../components/TimeText';

const PAGE_SIZE = 50;

export default function AuditPage() {
  const { t } = useTranslation('audit');
  const [search, setSearch] = useSearchParams();
  const outcome = AuditOutcome.safeParse(search.get('outcome'));
  const filter: { actor: string; action: string; outcome: AuditOutcome | '' } = { actor: search.get('actor') ?? '', action: search.get('action') ?? '', outcome: outcome.success ? outcome.data : '' };
  const [draft, setDraft] = useState(filter);
  const pages = useCursorPages<number>();
  const key = `${filter.actor}|${filter.action}|${filter.outcome}`;
  const resetPages = pages.reset;
  useEffect(() => {
    resetPages();
    const [actor = '', action = '', chosen = ''] = key.split('|');
    const parsed = AuditOutcome.safeParse(chosen);
    setDraft({ actor, action, outcome: parsed.success ? parsed.data : '' });
  }, [key, resetPages]);
  const entries = useEndpoint(listAudit, {
    query: {
      limit: PAGE_SIZE,
      ...(filter.actor ? { actor: filter.actor } : {}),
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.outcome ? { outcome: filter.outcome } : {}),
      ...(pages.cursor !== undefined ? { before: pages.cursor } : {}),
    },
  }, { refreshMs: 30_000 });

  const columns: Column<AuditEntry>[] = [
    { key: 'at', header: t('at'), cell: (e) => <TimeText iso={e.at} /> },
    { key: 'actor', header: t('actor'), cell: (e) => <>{e.actor ?? t('unknownActor')} <span className="muted">· {t(`actorKind.${e.actorKind}`)}</span></> },
    { key: 'action', header: t('action'), cell: (e) => <code>{e.action}</code> },
    { key: 'target', header: t('target'), cell: (e) => (e.target ? <code>{e.target}</code> : '—') },
    { key: 'outcome', header: t('outcome'), cell: (e) => <span className={`outcome outcome-${e.outcome}`}>{t(`outcomeName.${e.outcome}`)}{e.error ? ` · ${e.error}` : ''}</span> },
    { key: 'from', header: t('from'), cell: (e) => e.clientAddress ?? '—' },
    { key: 'detail', header: t('detail'), cell: (e) => (e.detail ? <code className="detail">{JSON.stringify(e.detail)}</code> : '—') },
  ];
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <FilterBar onApply={() => setSearch(Object.fromEntries(Object.entries(draft).filter(([, v]) => v !== '')))} onReset={() => setSearch({})}>
        <TextField id="filter-actor" label={t('actor')} value={draft.actor} onChange={(actor) => setDraft((d) => ({ ...d, actor }))} hint={t('actorHint')} />
        <TextField id="filter-action" label={t('action')} value={draft.action} onChange={(action) => setDraft((d) => ({ ...d, action }))} hint={t('actionHint')} />
        <SelectField id="filter-outcome" label={t('outcome')} value={draft.outcome} onChange={(v) => setDraft((d) => ({ ...d, outcome: v as typeof d.outcome }))} options={AuditOutcome.options.map((value) => ({ value, label: t(`outcomeName.${value}`) }))} />
      </FilterBar>
      <ErrorNotice error={entries.error} />
      <DataTable caption={t('caption')} columns={columns} rows={entries.data?.entries ?? []} rowKey={(e) => String(e.seq)} empty={entries.isPending ? t('loading', { ns: 'common' }) : t('empty')} testId="audit-table" />
      <Pager page={pages.page} hasNext={(entries.data?.entries.length ?? 0) === PAGE_SIZE} onPrevious={pages.previous} onNext={() => entries.data?.nextBefore && pages.next(entries.data.nextBefore)} />
    </>
  );
}
