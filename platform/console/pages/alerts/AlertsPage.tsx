// The alerts inbox: alerts newest first, filtered by state (default: not yet cleared), severity,
// kind and kiosk (kept in the URL); operators take an alert or close one whose condition cannot
// end by itself, saying what was done. Re-read every 30 s.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'wouter';
import { acknowledgeAlert, AlertStateFilter, listAlerts, resolveAlert } from '../../../api/alerts';
import { AlertSeverity, AlertState, PlatformAlertCode, type Alert } from '../../../../src-common/wire/monitoringWire';
import { useEndpoint, useEndpointMutation } from '../../api/hooks';
import { useSession } from '../../app/session';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FilterBar, SelectField, TextField } from '../../components/FilterBar';
import { PageHeader } from '../../components/PageHeader';
import { Pager, useCursorPages } from '../../components/Pager';
import { TimeText } from '../../components/TimeText';

const PAGE_SIZE = 50;
/** Codes whose alert ends only when a person closes it (the others clear when their condition ends). */
const CLOSED_BY_HAND: ReadonlySet<string> = new Set(['journalMismatch', 'configRolledBack', 'deviceFault', 'deviceNeedsAttention', 'fraudAttempt', 'cashBoxRemoved', 'kioskReported', 'citizenNeedsHelp']);
const SEVERITY_SHAPES: Readonly<Record<AlertSeverity, string>> = { critical: '■', warning: '▲', info: '●' };

/** The state choices, `active` (the default) first; '' is every state (`state=all` in the URL). */
const STATE_CHOICES: readonly AlertStateFilter[] = ['active', ...AlertState.options];

interface Filter {
  readonly state: AlertStateFilter | '';
  readonly severity: AlertSeverity | '';
  readonly code: PlatformAlertCode | '';
  readonly kioskId: string;
}

/** The filter in the URL, keeping only values the API accepts. */
function filterOf(search: URLSearchParams): Filter {
  const state = AlertStateFilter.safeParse(search.get('state'));
  const severity = AlertSeverity.safeParse(search.get('severity'));
  const code = PlatformAlertCode.safeParse(search.get('code'));
  const chosen = search.get('state') === 'all' ? '' : state.success ? state.data : 'active';
  return { state: chosen, severity: severity.success ? severity.data : '', code: code.success ? code.data : '', kioskId: search.get('kioskId') ?? '' };
}

/** A done action, put into words at render time (so it follows a language switch). */
interface Handled {
  readonly action: 'acknowledged' | 'resolved';
  readonly alertId: number;
}

function ResolveForm({ alert, onDone }: { readonly alert: Alert; readonly onDone: (handled: Handled | null) => void }) {
  const { t } = useTranslation('alerts');
  const [note, setNote] = useState('');
  const resolve = useEndpointMutation(resolveAlert, ['alerts.list']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    resolve.mutate({ params: { alertId: alert.alertId }, body: { note } }, { onSuccess: () => onDone({ action: 'resolved', alertId: alert.alertId }) });
  };
  const id = `resolve-note-${alert.alertId}`;
  return (
    <form className="inline-form" onSubmit={submit} data-testid={`resolve-form-${alert.alertId}`}>
      <label htmlFor={id}>{t('resolveNote')}</label>
      <input id={id} value={note} onChange={(e) => setNote(e.target.value)} required maxLength={500} aria-describedby={`${id}-hint`} />
      <small id={`${id}-hint`} className="hint">
        {t('resolveNoteHint')}
      </small>
      <button type="submit" className="primary" disabled={resolve.isPending || note.trim() === ''}>
        {t('confirmResolve')}
      </button>
      <button type="button" onClick={() => onDone(null)}>
        {t('cancel')}
      </button>
      <ErrorNotice error={resolve.error} />
    </form>
  );
}

function AlertActions({ alert, onDone }: { readonly alert: Alert; readonly onDone: (handled: Handled | null) => void }) {
  const { t } = useTranslation('alerts');
  const acknowledge = useEndpointMutation(acknowledgeAlert, ['alerts.list']);
  const [resolving, setResolving] = useState(false);
  if (alert.state === 'cleared') return <>—</>;
  return (
    <div className="row-actions">
      {alert.state === 'open' && (
        <button type="button" disabled={acknowledge.isPending} onClick={() => acknowledge.mutate({ params: { alertId: alert.alertId }, body: {} }, { onSuccess: () => onDone({ action: 'acknowledged', alertId: alert.alertId }) })} data-testid={`acknowledge-${alert.alertId}`}>
          {t('acknowledge')}
        </button>
      )}
      {CLOSED_BY_HAND.has(alert.code) && !resolving && (
        <button type="button" onClick={() => setResolving(true)} data-testid={`resolve-${alert.alertId}`}>
          {t('resolve')}
        </button>
      )}
      {resolving && (
        <ResolveForm
          alert={alert}
          onDone={(handled) => {
            setResolving(false);
            onDone(handled);
          }}
        />
      )}
      <ErrorNotice error={acknowledge.error} />
    </div>
  );
}

export default function AlertsPage() {
  const { t } = useTranslation('alerts');
  const session = useSession();
  const [search, setSearch] = useSearchParams();
  const filter = filterOf(search);
  const [draft, setDraft] = useState<Filter>(filter);
  const [notice, setNotice] = useState<Handled | null>(null);
  const pages = useCursorPages<number>();
  const key = `${filter.state}|${filter.severity}|${filter.code}|${filter.kioskId}`;
  const resetPages = pages.reset;
  // A new filter (applied here, or arriving by a link) starts at the first page, and the form shows it.
  useEffect(() => {
    resetPages();
    const [state = '', severity = '', code = '', kioskId = ''] = key.split('|');
    setDraft(filterOf(new URLSearchParams({ state: state || 'all', severity, code, kioskId })));
  }, [key, resetPages]);
  const alerts = useEndpoint(
    listAlerts,
    {
      query: {
        ...(filter.state ? { state: filter.state } : {}),
        limit: PAGE_SIZE,
        ...(filter.severity ? { severity: filter.severity } : {}),
        ...(filter.code ? { code: filter.code } : {}),
        ...(filter.kioskId ? { kioskId: filter.kioskId } : {}),
        ...(pages.cursor !== undefined ? { after: pages.cursor } : {}),
      },
    },
    { refreshMs: 30_000 },
  );
  const canHandle = session.can('alerts.handle');

  const columns: Column<Alert>[] = [
    {
      key: 'severity',
      header: t('severity'),
      cell: (a) => (
        <span className={`badge severity-${a.severity}`} data-severity={a.severity}>
          <span aria-hidden="true">{SEVERITY_SHAPES[a.severity]}</span> {t(`severityName.${a.severity}`)}
        </span>
      ),
    },
    { key: 'code', header: t('code'), cell: (a) => t(`codeName.${a.code}`) },
    { key: 'kiosk', header: t('kiosk'), cell: (a) => <Link href={`/kiosks/${encodeURIComponent(a.kioskId)}`}>{a.kioskId}</Link> },
    // A help request names the step the citizen was on (never the citizen): staff know what to expect.
    { key: 'subject', header: t('subject'), cell: (a) => <code>{a.code === 'citizenNeedsHelp' && typeof a.detail.step === 'string' ? `${a.subject} · ${a.detail.step}` : a.subject}</code> },
    { key: 'state', header: t('state'), cell: (a) => t(`stateName.${a.state}`) },
    { key: 'raisedAt', header: t('raisedAt'), cell: (a) => <TimeText iso={a.raisedAt} /> },
    { key: 'lastSeenAt', header: t('lastSeenAt'), cell: (a) => <TimeText iso={a.lastSeenAt} /> },
    { key: 'occurrences', header: t('occurrences'), numeric: true, cell: (a) => a.occurrences },
    { key: 'handledBy', header: t('handledBy'), cell: (a) => a.acknowledgedBy ?? (a.clearedBy && a.clearedBy !== 'platform' ? a.clearedBy : '—') },
    ...(canHandle ? [{ key: 'actions', header: t('actions'), cell: (a: Alert) => <AlertActions alert={a} onDone={setNotice} /> }] : []),
  ];
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <FilterBar onApply={() => setSearch(Object.fromEntries(Object.entries({ ...draft, state: draft.state || 'all' }).filter(([, v]) => v !== '')))} onReset={() => setSearch({})}>
        <SelectField id="filter-state" label={t('state')} value={draft.state} onChange={(v) => setDraft((d) => ({ ...d, state: v as Filter['state'] }))} options={STATE_CHOICES.map((value) => ({ value, label: t(`stateName.${value}`) }))} />
        <SelectField id="filter-severity" label={t('severity')} value={draft.severity} onChange={(v) => setDraft((d) => ({ ...d, severity: v as Filter['severity'] }))} options={AlertSeverity.options.map((value) => ({ value, label: t(`severityName.${value}`) }))} />
        <SelectField id="filter-code" label={t('code')} value={draft.code} onChange={(v) => setDraft((d) => ({ ...d, code: v as Filter['code'] }))} options={PlatformAlertCode.options.map((value) => ({ value, label: t(`codeName.${value}`) }))} />
        <TextField id="filter-kiosk" label={t('kiosk')} value={draft.kioskId} onChange={(kioskId) => setDraft((d) => ({ ...d, kioskId }))} hint={t('kioskHint')} />
      </FilterBar>
      {notice && (
        <p className="notice" role="status" data-testid="alerts-notice">
          {t(notice.action, { id: notice.alertId })}
        </p>
      )}
      <ErrorNotice error={alerts.error} />
      <DataTable caption={t('caption')} columns={columns} rows={alerts.data?.alerts ?? []} rowKey={(a) => String(a.alertId)} empty={alerts.isPending ? t('loading', { ns: 'common' }) : t('empty')} testId="alerts-table" />
      <Pager page={pages.page} hasNext={(alerts.data?.alerts.length ?? 0) === PAGE_SIZE} onPrevious={pages.previous} onNext={() => alerts.data?.nextAfter && pages.next(alerts.data.nextAfter)} />
    </>
  );
}
