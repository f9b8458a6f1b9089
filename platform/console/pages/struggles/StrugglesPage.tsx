// "Where citizens struggle" (#16 item 15): the anonymous per-step counts kiosks send, summed over
// the last 1, 7 (default) or 30 days, for the fleet or one kiosk, filtered by signal (kept in the
// URL). Re-read every 5 minutes: counts arrive hourly.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'wouter';
import { listStruggles, type StruggleRow } from '../../../api/help';
import { StruggleSignal } from '../../../../src-common/wire/helpWire';
import { useEndpoint } from '../../api/hooks';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FilterBar, SelectField, TextField } from '../../components/FilterBar';
import { PageHeader } from '../../components/PageHeader';
import { TimeText } from '../../components/TimeText';

const DAY_CHOICES = ['1', '7', '30'] as const;
type DayChoice = (typeof DAY_CHOICES)[number];

interface Filter {
  readonly days: DayChoice;
  readonly signal: StruggleSignal | '';
  readonly kioskId: string;
}

function filterOf(search: URLSearchParams): Filter {
  const days = DAY_CHOICES.find((d) => d === search.get('days')) ?? '7';
  const signal = StruggleSignal.safeParse(search.get('signal'));
  return { days, signal: signal.success ? signal.data : '', kioskId: search.get('kioskId') ?? '' };
}

export default function StrugglesPage() {
  const { t } = useTranslation('struggles');
  const [search, setSearch] = useSearchParams();
  const filter = filterOf(search);
  const [draft, setDraft] = useState<Filter>(filter);
  const key = `${filter.days}|${filter.signal}|${filter.kioskId}`;
  useEffect(() => {
    const [days = '7', signal = '', kioskId = ''] = key.split('|');
    setDraft(filterOf(new URLSearchParams({ days, signal, kioskId })));
  }, [key]);
  const struggles = useEndpoint(
    listStruggles,
    { query: { days: Number(filter.days), ...(filter.signal ? { signal: filter.signal } : {}), ...(filter.kioskId ? { kioskId: filter.kioskId } : {}) } },
    { refreshMs: 300_000 },
  );
  const serviceName = (service: string) => t(`serviceName.${service}`, { defaultValue: service });
  const columns: Column<StruggleRow>[] = [
    { key: 'service', header: t('service'), cell: (r) => serviceName(r.service) },
    { key: 'step', header: t('step'), cell: (r) => <code>{r.step}</code> },
    { key: 'signal', header: t('signal'), cell: (r) => t(`signalName.${r.signal}`) },
    { key: 'count', header: t('count'), numeric: true, cell: (r) => r.count },
    { key: 'kiosks', header: t('kiosks'), numeric: true, cell: (r) => r.kiosks },
  ];
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <FilterBar onApply={() => setSearch(Object.fromEntries(Object.entries(draft).filter(([, v]) => v !== '')))} onReset={() => setSearch({})}>
        <SelectField id="filter-days" label={t('days')} value={draft.days} onChange={(v) => setDraft((d) => ({ ...d, days: DAY_CHOICES.find((c) => c === v) ?? '7' }))} options={DAY_CHOICES.map((value) => ({ value, label: t(`daysName.${value}`) }))} />
        <SelectField id="filter-signal" label={t('signal')} value={draft.signal} onChange={(v) => setDraft((d) => ({ ...d, signal: v as Filter['signal'] }))} options={StruggleSignal.options.map((value) => ({ value, label: t(`signalName.${value}`) }))} />
        <TextField id="filter-kiosk" label={t('kiosk')} value={draft.kioskId} onChange={(kioskId) => setDraft((d) => ({ ...d, kioskId }))} hint={t('kioskHint')} />
      </FilterBar>
      {struggles.data && (
        <p className="muted" data-testid="struggles-since">
          {t('since')} <TimeText iso={struggles.data.since} />
        </p>
      )}
      <ErrorNotice error={struggles.error} />
      <DataTable caption={t('caption')} columns={columns} rows={struggles.data?.rows ?? []} rowKey={(r) => `${r.service}|${r.step}|${r.signal}`} empty={struggles.isPending ? t('loading', { ns: 'common' }) : t('empty')} testId="struggles-table" />
    </>
  );
}
