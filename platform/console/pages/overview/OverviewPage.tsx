// Fleet overview: online / degraded / offline / never-seen totals, then by region (one level down
// from the chosen region, as a chart and a table you can drill into) and by kiosk level. Re-read
// every 30 s. The chart library loads with the chart only.
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'wouter';
import { fleetOverview, type FleetOverview, type KioskLiveness, type LivenessCounts } from '../../../api/fleet';
import { useEndpoint } from '../../api/hooks';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { formatTime } from '../../i18n';

const FleetChart = lazy(() => import('./FleetChart'));

export const LIVENESS_ORDER: readonly KioskLiveness[] = ['online', 'degraded', 'offline', 'never'];

function sum(counts: LivenessCounts): number {
  return counts.online + counts.degraded + counts.offline + counts.never;
}

/** The region prefixes above `region` (4202 → 42? no: the console starts at cities): 420281 → [4202, 420281]. */
function regionTrail(region: string | null): string[] {
  if (!region) return [];
  return [4, 6, 9, 12].filter((n) => n <= region.length).map((n) => region.slice(0, n));
}

export default function OverviewPage() {
  const { t, i18n } = useTranslation('overview');
  const [search, setSearch] = useSearchParams();
  const region = search.get('region') ?? undefined;
  const overview = useEndpoint(fleetOverview, { query: region ? { region } : {} }, { refreshMs: 30_000 });
  const data = overview.data;
  const drill = (to: string | null) => setSearch(to ? { region: to } : {});
  const kioskLink = (regionCode: string | null, status?: KioskLiveness) => `/kiosks?${new URLSearchParams({ ...(regionCode ? { region: regionCode } : {}), ...(status ? { status } : {}) }).toString()}`;

  const countColumns = <T extends { counts: LivenessCounts }>(keyOf: (row: T) => string | null): Column<T>[] =>
    LIVENESS_ORDER.map((status) => ({
      key: status,
      header: t(`status.${status}`, { ns: 'common' }),
      numeric: true,
      cell: (row: T) =>
        row.counts[status] > 0 ? (
          <Link href={kioskLink(keyOf(row), status)} title={t('listKiosksOf', { region: keyOf(row) ?? t('notTagged', { ns: 'common' }), status: t(`status.${status}`, { ns: 'common' }) })}>
            {row.counts[status]}
          </Link>
        ) : (
          '0'
        ),
    }));

  const regionRows = data?.byRegion ?? [];
  const regionColumns: Column<FleetOverview['byRegion'][number]>[] = [
    {
      key: 'region',
      header: t('region'),
      cell: (row) =>
        row.regionCode === null ? (
          t('notTagged', { ns: 'common' })
        ) : row.regionCode.length < 12 ? (
          <button type="button" className="link-button" onClick={() => drill(row.regionCode)} aria-label={t('drillInto', { region: row.regionCode })} data-testid={`drill-${row.regionCode}`}>
            {row.regionCode}
          </button>
        ) : (
          row.regionCode
        ),
    },
    ...countColumns<FleetOverview['byRegion'][number]>((row) => row.regionCode),
    { key: 'total', header: t('count'), numeric: true, cell: (row) => sum(row.counts) },
  ];
  const levelColumns: Column<FleetOverview['byLevel'][number]>[] = [
    { key: 'level', header: t('level'), cell: (row) => (row.level ? t(`level.${row.level}`, { ns: 'common' }) : t('notTagged', { ns: 'common' })) },
    ...LIVENESS_ORDER.map((status) => ({ key: status, header: t(`status.${status}`, { ns: 'common' }), numeric: true, cell: (row: FleetOverview['byLevel'][number]) => row.counts[status] })),
    { key: 'total', header: t('count'), numeric: true, cell: (row) => sum(row.counts) },
  ];

  return (
    <>
      <PageHeader title={t('title')} subtitle={data ? t('subtitle', { seconds: data.offlineAfterSeconds }) : undefined} actions={data ? <span className="muted">{t('refreshedAt', { ns: 'common', time: formatTime(data.generatedAt, i18n.language) })}</span> : undefined} />
      <ErrorNotice error={overview.error} />
      <nav className="breadcrumb" aria-label={t('breadcrumb')}>
        <ol>
          <li>
            <button type="button" className="link-button" onClick={() => drill(null)} aria-current={region ? undefined : 'location'} data-testid="drill-all">
              {t('wholeFleet')}
            </button>
          </li>
          {regionTrail(region ?? null).map((prefix) => (
            <li key={prefix}>
              <button type="button" className="link-button" onClick={() => drill(prefix)} aria-current={prefix === region ? 'location' : undefined}>
                {prefix}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      {data && (
        <>
          <section className="cards" aria-label={t('scope')} data-testid="totals">
            <div className="card total">
              <span className="card-label">{t('total')}</span>
              <span className="card-value" data-testid="total-count">
                {sum(data.totals)}
              </span>
            </div>
            {LIVENESS_ORDER.map((status) => (
              <Link key={status} href={kioskLink(data.region, status)} className={`card card-${status}`} data-testid={`count-${status}`}>
                <StatusBadge status={status} />
                <span className="card-value">{data.totals[status]}</span>
              </Link>
            ))}
          </section>
          <section className="panel" aria-labelledby="by-region">
            <h2 id="by-region">{t('byRegion')}</h2>
            {regionRows.length > 0 && (
              <Suspense fallback={<p className="chart-placeholder">{t('chartLoading')}</p>}>
                <FleetChart rows={regionRows} />
              </Suspense>
            )}
            <DataTable caption={t('byRegionCaption')} columns={regionColumns} rows={regionRows} rowKey={(r) => r.regionCode ?? 'untagged'} empty={t('empty')} testId="by-region" />
          </section>
          <section className="panel" aria-labelledby="by-level">
            <h2 id="by-level">{t('byLevel')}</h2>
            <DataTable caption={t('byLevelCaption')} columns={levelColumns} rows={data.byLevel} rowKey={(r) => r.level ?? 'untagged'} empty={t('empty')} testId="by-level" />
          </section>
        </>
      )}
    </>
  );
}
