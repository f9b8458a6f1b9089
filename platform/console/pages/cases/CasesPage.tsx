// The case back office: cases newest first, filtered by status and kiosk (kept in the URL); an
// operator moves a case one step at a time, only along the lifecycle (platform/api/cases.ts),
// with the status it saw as `expectedStatus` so two clerks never both move one case. A rejection
// asks for the reason the applicant reads at the kiosk. Re-read every 30 s.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'wouter';
import { CASE_MOVES, CaseStatusCode, listCases, moveCase, type AdminCase } from '../../../api/cases';
import { useEndpoint, useEndpointMutation } from '../../api/hooks';
import { useSession } from '../../app/session';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FilterBar, SelectField, TextField } from '../../components/FilterBar';
import { PageHeader } from '../../components/PageHeader';
import { Pager, useCursorPages } from '../../components/Pager';
import { TimeText } from '../../components/TimeText';

const PAGE_SIZE = 50;

interface Filter {
  readonly status: CaseStatusCode | '';
  readonly kioskId: string;
}

function filterOf(search: URLSearchParams): Filter {
  const status = CaseStatusCode.safeParse(search.get('status'));
  return { status: status.success ? status.data : '', kioskId: search.get('kioskId') ?? '' };
}

/** Moves that need words: a rejection (required) and readiness for pickup (optional). */
function asksForNote(to: CaseStatusCode): 'required' | 'optional' | 'none' {
  return to === 'rejected' ? 'required' : to === 'readyForPickup' ? 'optional' : 'none';
}

/** A done move, put into words at render time (so it follows a language switch). */
interface Moved {
  readonly caseNumber: string;
  readonly to: CaseStatusCode;
}

function CaseActions({ item, onDone }: { readonly item: AdminCase; readonly onDone: (moved: Moved) => void }) {
  const { t } = useTranslation('cases');
  const move = useEndpointMutation(moveCase, ['cases.list']);
  const [asking, setAsking] = useState<CaseStatusCode | null>(null);
  const [note, setNote] = useState('');
  const next = CASE_MOVES[item.status];
  if (next.length === 0) return <span className="muted">{t('final')}</span>;
  const send = (to: CaseStatusCode, words?: string) =>
    move.mutate(
      { params: { caseNumber: item.caseNumber }, body: { to, expectedStatus: item.status, ...(words ? { note: words } : {}) } },
      {
        onSuccess: () => {
          setAsking(null);
          setNote('');
          onDone({ caseNumber: item.caseNumber, to });
        },
      },
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (asking) send(asking, note.trim() || undefined);
  };
  const noteId = `case-note-${item.caseNumber}`;
  return (
    <div className="row-actions">
      {asking === null &&
        next.map((to) => (
          <button type="button" key={to} disabled={move.isPending} onClick={() => (asksForNote(to) === 'none' ? send(to) : setAsking(to))} data-testid={`move-${item.caseNumber}-${to}`}>
            {t('moveTo', { status: t(`statusName.${to}`) })}
          </button>
        ))}
      {asking !== null && (
        <form className="inline-form" onSubmit={submit} data-testid={`move-form-${item.caseNumber}`}>
          <label htmlFor={noteId}>{asking === 'rejected' ? t('rejectReason') : t('readyNote')}</label>
          <input id={noteId} value={note} onChange={(e) => setNote(e.target.value)} required={asksForNote(asking) === 'required'} maxLength={500} aria-describedby={`${noteId}-hint`} />
          <small id={`${noteId}-hint`} className="hint">
            {asking === 'rejected' ? t('rejectReasonHint') : t('readyNoteHint')}
          </small>
          <button type="submit" className="primary" disabled={move.isPending || (asksForNote(asking) === 'required' && note.trim() === '')}>
            {t('confirm')}
          </button>
          <button type="button" onClick={() => setAsking(null)}>
            {t('cancel')}
          </button>
        </form>
      )}
      <ErrorNotice error={move.error} />
    </div>
  );
}

export default function CasesPage() {
  const { t, i18n } = useTranslation('cases');
  const session = useSession();
  const [search, setSearch] = useSearchParams();
  const filter = filterOf(search);
  const [draft, setDraft] = useState<Filter>(filter);
  const [notice, setNotice] = useState<Moved | null>(null);
  const pages = useCursorPages<string>();
  const key = `${filter.status}|${filter.kioskId}`;
  const resetPages = pages.reset;
  // A new filter (applied here, or arriving by a link) starts at the first page, and the form shows it.
  useEffect(() => {
    resetPages();
    const [status = '', kioskId = ''] = key.split('|');
    setDraft(filterOf(new URLSearchParams({ status, kioskId })));
  }, [key, resetPages]);
  const cases = useEndpoint(
    listCases,
    { query: { limit: PAGE_SIZE, ...(filter.status ? { status: filter.status } : {}), ...(filter.kioskId ? { kioskId: filter.kioskId } : {}), ...(pages.cursor !== undefined ? { after: pages.cursor } : {}) } },
    { refreshMs: 30_000 },
  );
  const canMove = session.can('cases.move');

  const columns: Column<AdminCase>[] = [
    { key: 'caseNumber', header: t('caseNumber'), cell: (c) => <code>{c.caseNumber}</code> },
    { key: 'service', header: t('service'), cell: (c) => (i18n.language.startsWith('zh') ? c.service.zh : c.service.en) },
    { key: 'holder', header: t('holder'), cell: (c) => c.holderNameMasked ?? '—' },
    { key: 'status', header: t('status'), cell: (c) => <span className={`case-status case-${c.status}`}>{t(`statusName.${c.status}`)}</span> },
    { key: 'fee', header: t('fee'), numeric: true, cell: (c) => (c.feeFen > 0 ? t('yuan', { amount: (c.feeFen / 100).toFixed(2) }) : t('noFee')) },
    { key: 'kiosk', header: t('kiosk'), cell: (c) => (c.kioskId ? <Link href={`/kiosks/${encodeURIComponent(c.kioskId)}`}>{c.kioskId}</Link> : '—') },
    { key: 'submittedAt', header: t('submittedAt'), cell: (c) => <TimeText iso={c.submittedAt ?? c.createdAt} /> },
    { key: 'updatedAt', header: t('updatedAt'), cell: (c) => <TimeText iso={c.updatedAt} /> },
    ...(canMove ? [{ key: 'actions', header: t('actions'), cell: (c: AdminCase) => <CaseActions item={c} onDone={setNotice} /> }] : []),
  ];
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <FilterBar onApply={() => setSearch(Object.fromEntries(Object.entries(draft).filter(([, v]) => v !== '')))} onReset={() => setSearch({})}>
        <SelectField id="filter-status" label={t('status')} value={draft.status} onChange={(v) => setDraft((d) => ({ ...d, status: v as Filter['status'] }))} options={CaseStatusCode.options.map((value) => ({ value, label: t(`statusName.${value}`) }))} />
        <TextField id="filter-kiosk" label={t('kiosk')} value={draft.kioskId} onChange={(kioskId) => setDraft((d) => ({ ...d, kioskId }))} hint={t('kioskHint')} />
      </FilterBar>
      {notice && (
        <p className="notice" role="status" data-testid="cases-notice">
          {t('moved', { caseNumber: notice.caseNumber, status: t(`statusName.${notice.to}`) })}
        </p>
      )}
      <ErrorNotice error={cases.error} />
      <DataTable caption={t('caption')} columns={columns} rows={cases.data?.cases ?? []} rowKey={(c) => c.caseNumber} empty={cases.isPending ? t('loading', { ns: 'common' }) : t('empty')} testId="cases-table" />
      <Pager page={pages.page} hasNext={(cases.data?.cases.length ?? 0) === PAGE_SIZE} onPrevious={pages.previous} onNext={() => cases.data?.nextAfter && pages.next(cases.data.nextAfter)} />
    </>
  );
}
