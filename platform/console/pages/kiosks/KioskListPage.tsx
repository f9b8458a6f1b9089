// The kiosk list: filters (kept in the URL, so a filtered list can be linked to), a paged table
// in registration order with each kiosk's site, region, level, hardware, liveness, version and
// last heartbeat. Re-read every 30 s.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'wouter';
import { fleetFacets, KioskFilter, KioskLevel, KioskLiveness, listKiosks, SiteKind, type KioskSummary } from '../../../api/fleet';
import { useEndpoint } from '../../api/hooks';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FilterBar, SelectField, TextField } from '../../components/FilterBar';
import { PageHeader } from '../../components/PageHeader';
import { Pager, useCursorPages } from '../../components/Pager';
import { StatusBadge } from '../../components/StatusBadge';
import { TimeText } from '../../components/TimeText';

const PAGE_SIZE = 50;
const FILTER_KEYS = ['region', 'level', 'siteKind', 'hardware', 'status', 'version'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** The filter in the URL, keeping only values the API accepts (a hand-edited URL cannot break the page). */
function filterOf(search: URLSearchParams): KioskFilter {
  const raw = Object.fromEntries(FILTER_KEYS.flatMap((k) => (search.get(k) ? [[k, search.get(k)]] : [])));
  const parsed = KioskFilter.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

export default function KioskListPage() {
  const { t } = useTranslation('kiosks');
  const [search, setSearch] = useSearchParams();
  const filter = filterOf(search);
  const [draft, setDraft] = useState<Record<FilterKey, string>>(() => Object.fromEntries(FILTER_KEYS.map((k) => [k, filter[k] ?? ''])) as Record<FilterKey, string>);
  const pages = useCursorPages<string>();
  const facets = useEndpoint(fleetFacets, {});
  const list = useEndpoint(listKiosks, { query: { ...filter, limit: PAGE_SIZE, ...(pages.cursor ? { after: pages.cursor } : {}) } }, { refreshMs: 30_000 });
  const filterKey = FILTER_KEYS.map((k) => filter[k] ?? '').join('|');
  const resetPages = pages.reset;
  // A new filter (applied here, or arriving by a link) starts at the first page, and the form shows it.
  useEffect(() => {
    resetPages();
    setDraft(Object.fromEntries(FILTER_KEYS.map((k, i) => [k, filterKey.split('|')[i] ?? ''])) as Record<FilterKey, string>);
  }, [filterKey, resetPages]);

  const apply = () => setSearch(Object.fromEntries(Object.entries(draft).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()])));
  const reset = () => {
    setDraft(Object.fromEntries(FILTER_KEYS.map((k) => [k, ''])) as Record<FilterKey, string>);
    setSearch({});
  };
  const set = (key: FilterKey) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const now = Date.now();

  const columns: Column<KioskSummary>[] = [
    {
      key: 'code',
      header: t('kioskCode'),
      cell: (k) => (
        <Link href={`/kiosks/${encodeURIComponent(k.kioskId)}`} data-testid={`kiosk-${k.kioskCode}`}>
          {k.kioskCode}
        </Link>
      ),
    },
    { key: 'site', header: t('site'), cell: (k) => k.tags.siteName ?? <span className="muted">{t('notTagged', { ns: 'common' })}</span> },
    { key: 'region', header: t('region'), cell: (k) => k.tags.regionCode ?? '—' },
    { key: 'level', header: t('level'), cell: (k) => (k.tags.level ? t(`level.${k.tags.level}`, { ns: 'common' }) : '—') },
    { key: 'hardware', header: t('hardware'), cell: (k) => k.tags.hardware ?? '—' },
    { key: 'status', header: t('status'), cell: (k) => <StatusBadge status={k.status} /> },
    { key: 'version', header: t('version'), cell: (k) => k.reportedAppVersion ?? k.appVersion },
    { key: 'heartbeat', header: t('lastHeartbeat'), cell: (k) => <TimeText iso={k.lastHeartbeatAt} relative now={now} /> },
  ];

  const option = (values: readonly string[], label: (v: string) => string) => values.map((value) => ({ value, label: label(value) }));
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <FilterBar onApply={apply} onReset={reset}>
        <TextField id="filter-region" label={t('region')} value={draft.region} onChange={set('region')} hint={t('regionHint')} inputMode="numeric" />
        <SelectField id="filter-level" label={t('level')} value={draft.level} onChange={set('level')} options={option(KioskLevel.options, (v) => t(`level.${v}`, { ns: 'common' }))} />
        <SelectField id="filter-siteKind" label={t('siteKind')} value={draft.siteKind} onChange={set('siteKind')} options={option(SiteKind.options, (v) => t(`siteKind.${v}`, { ns: 'common' }))} />
        <SelectField id="filter-hardware" label={t('hardware')} value={draft.hardware} onChange={set('hardware')} options={option(facets.data?.hardware ?? [], (v) => v)} />
        <SelectField id="filter-status" label={t('status')} value={draft.status} onChange={set('status')} options={option(KioskLiveness.options, (v) => t(`status.${v}`, { ns: 'common' }))} />
        <SelectField id="filter-version" label={t('version')} value={draft.version} onChange={set('version')} options={option(facets.data?.appVersions ?? [], (v) => v)} />
      </FilterBar>
      <ErrorNotice error={list.error} />
      <DataTable caption={t('caption')} columns={columns} rows={list.data?.kiosks ?? []} rowKey={(k) => k.kioskId} empty={list.isPending ? t('loading', { ns: 'common' }) : t('empty')} testId="kiosk-table" />
      <Pager page={pages.page} total={list.data?.total} hasNext={(list.data?.kiosks.length ?? 0) === PAGE_SIZE && list.data?.nextAfter !== null} onPrevious={pages.previous} onNext={() => list.data?.nextAfter && pages.next(list.data.nextAfter)} />
    </>
  );
}
