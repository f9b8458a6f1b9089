// Remote commands (viewers read, operators send): a form to sign a command for listed kiosks or a
// group, and the recent commands with their delivery, receipt and result, filtered by kiosk or
// command (the kiosk filter lives in the URL, so a kiosk page can link here).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'wouter';
import { listCommands, listGroups, sendCommand, type FleetCommand } from '../../../api/rollouts';
import { RemoteActionKind, type RemoteAction } from '../../../../src-common/wire/remoteCommands';
import { useEndpoint, useEndpointMutation } from '../../api/hooks';
import { useSession } from '../../app/session';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { Pager, useCursorPages } from '../../components/Pager';
import { TimeText } from '../../components/TimeText';

const PAGE_SIZE = 50;
/** What the form offers: uploading diagnostics needs an upload the technician tools make (#13). */
const SENDABLE = RemoteActionKind.options.filter((k) => k !== 'uploadDiagnostics');

function actionOf(kind: RemoteActionKind, maintenance: { readonly on: boolean; readonly zh: string; readonly en: string }): RemoteAction | null {
  switch (kind) {
    case 'setMaintenance':
      return { kind, on: maintenance.on, ...(maintenance.on && maintenance.zh.trim() ? { reason: { zh: maintenance.zh.trim(), en: maintenance.en.trim() || maintenance.zh.trim() } } : {}) };
    case 'restartCore':
    case 'reloadScreen':
    case 'printTestPage':
    case 'flushQueue':
    case 'retryDeadLetters':
    case 'pullConfig':
      return { kind };
    case 'uploadDiagnostics':
      return null;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

function SendCommandForm({ initialKiosk, onSent }: { readonly initialKiosk: string; readonly onSent: (count: number) => void }) {
  const { t } = useTranslation('commands');
  const groups = useEndpoint(listGroups, {});
  const send = useEndpointMutation(sendCommand, ['commands.list']);
  const [draft, setDraft] = useState({ to: 'kiosks' as 'kiosks' | 'group', kioskIds: initialKiosk, group: '', action: 'pullConfig' as RemoteActionKind, on: true, zh: '', en: '', urgent: false, ttlHours: '24' });
  const set = <K extends keyof typeof draft>(key: K) => (value: (typeof draft)[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const action = actionOf(draft.action, draft);
    if (!action) return;
    const ids = draft.kioskIds.split(/[\s,，]+/).filter(Boolean);
    const target = draft.to === 'group' ? { group: draft.group } : { kioskIds: ids };
    send.mutate({ body: { target, action, urgent: draft.urgent, ttlSeconds: Math.round(Number(draft.ttlHours) * 3600) } }, { onSuccess: (answer) => onSent(answer.commands.length) });
  };

  return (
    <form className="send-command" onSubmit={submit} aria-labelledby="send-command" data-testid="send-command">
      <h2 id="send-command">{t('send')}</h2>
      <fieldset className="field">
        <legend>{t('target')}</legend>
        <label className="choice">
          <input type="radio" name="command-to" checked={draft.to === 'kiosks'} onChange={() => set('to')('kiosks')} data-testid="command-to-kiosks" /> {t('toKiosks')}
        </label>
        <label className="choice">
          <input type="radio" name="command-to" checked={draft.to === 'group'} onChange={() => set('to')('group')} data-testid="command-to-group" /> {t('toGroup')}
        </label>
      </fieldset>
      {draft.to === 'kiosks' ? (
        <div className="field">
          <label htmlFor="command-kiosks">{t('kioskIds')}</label>
          <input id="command-kiosks" required value={draft.kioskIds} onChange={(e) => set('kioskIds')(e.target.value)} aria-describedby="command-kiosks-hint" data-testid="command-kiosks" />
          <small id="command-kiosks-hint" className="hint">
            {t('kioskIdsHint')}
          </small>
        </div>
      ) : (
        <div className="field">
          <label htmlFor="command-group">{t('group')}</label>
          <select id="command-group" required value={draft.group} onChange={(e) => set('group')(e.target.value)} data-testid="command-group">
            <option value="">{t('chooseGroup')}</option>
            {groups.data?.groups.map((g) => (
              <option key={g.name} value={g.name}>
                {g.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="command-action">{t('action')}</label>
        <select id="command-action" value={draft.action} onChange={(e) => set('action')(e.target.value as RemoteActionKind)} data-testid="command-action">
          {SENDABLE.map((k) => (
            <option key={k} value={k}>
              {t(`actions.${k}`)}
            </option>
          ))}
        </select>
      </div>
      {draft.action === 'setMaintenance' && (
        <>
          <fieldset className="field">
            <legend>{t('actions.setMaintenance')}</legend>
            <label className="choice">
              <input type="radio" name="maintenance" checked={draft.on} onChange={() => set('on')(true)} data-testid="maintenance-on" /> {t('maintenanceOn')}
            </label>
            <label className="choice">
              <input type="radio" name="maintenance" checked={!draft.on} onChange={() => set('on')(false)} data-testid="maintenance-off" /> {t('maintenanceOff')}
            </label>
          </fieldset>
          {draft.on && (
            <>
              <div className="field reason">
                <label htmlFor="reason-zh">{t('reasonZh')}</label>
                <input id="reason-zh" maxLength={200} value={draft.zh} onChange={(e) => set('zh')(e.target.value)} data-testid="reason-zh" />
              </div>
              <div className="field reason">
                <label htmlFor="reason-en">{t('reasonEn')}</label>
                <input id="reason-en" maxLength={200} lang="en" value={draft.en} onChange={(e) => set('en')(e.target.value)} data-testid="reason-en" />
              </div>
            </>
          )}
        </>
      )}
      <div className="field">
        <label htmlFor="command-ttl">{t('ttlHours')}</label>
        <input id="command-ttl" type="number" min={1} max={720} step="any" required value={draft.ttlHours} onChange={(e) => set('ttlHours')(e.target.value)} aria-describedby="command-ttl-hint" data-testid="command-ttl" />
        <small id="command-ttl-hint" className="hint">
          {t('ttlHint')}
        </small>
      </div>
      <label className="choice wide">
        <input type="checkbox" checked={draft.urgent} onChange={(e) => set('urgent')(e.target.checked)} data-testid="command-urgent" /> {t('urgent')}
      </label>
      <ErrorNotice error={send.error} testId="send-error" />
      <button type="submit" className="primary" disabled={send.isPending} data-testid="command-submit">
        {t('submit')}
      </button>
    </form>
  );
}

/** What became of a command so far, as one phrase. */
function progressOf(c: FleetCommand, t: (key: string) => string): { readonly text: string; readonly className?: string } {
  if (c.outcome) return { text: t(`outcomes.${c.outcome}`), className: c.outcome === 'done' ? 'ok' : 'warn' };
  if (c.acknowledgedAt) return { text: t('waiting.acknowledged') };
  if (c.deliveredAt) return { text: t('waiting.delivered') };
  return { text: t('waiting.queued'), className: 'muted' };
}

export default function CommandsPage() {
  const { t } = useTranslation('commands');
  const session = useSession();
  const [search, setSearch] = useSearchParams();
  const kioskId = search.get('kioskId') ?? '';
  const actionFilter = search.get('action') ?? '';
  const [draft, setDraft] = useState({ kioskId, action: actionFilter });
  const [message, setMessage] = useState<string | null>(null);
  const pages = useCursorPages<string>();
  const commands = useEndpoint(
    listCommands,
    { query: { limit: PAGE_SIZE, ...(kioskId ? { kioskId } : {}), ...(actionFilter ? { action: actionFilter as RemoteActionKind } : {}), ...(pages.cursor ? { before: pages.cursor } : {}) } },
    { refreshMs: 5_000 },
  );
  const columns: Column<FleetCommand>[] = [
    { key: 'kiosk', header: t('kiosk'), cell: (c) => <Link href={`/kiosks/${encodeURIComponent(c.kioskId)}`}>{c.kioskCode ?? c.kioskId}</Link> },
    { key: 'action', header: t('action'), cell: (c) => (
      <>
        {t(`actions.${c.action}`)} {c.urgent && <span className="badge badge-degraded">{t('urgentMark')}</span>}
      </>
    ) },
    { key: 'created', header: t('createdAt'), cell: (c) => <TimeText iso={c.createdAt} /> },
    // Not yet (a dash), rather than "never": these are still to come.
    { key: 'delivered', header: t('deliveredAt'), cell: (c) => (c.deliveredAt ? <TimeText iso={c.deliveredAt} /> : '—') },
    { key: 'acknowledged', header: t('acknowledgedAt'), cell: (c) => (c.acknowledgedAt ? <TimeText iso={c.acknowledgedAt} /> : '—') },
    { key: 'result', header: t('result'), cell: (c) => { const p = progressOf(c, t); return <span className={p.className} data-testid={`command-result-${c.commandId}`} data-outcome={c.outcome ?? ''}>{p.text}</span>; } },
    { key: 'detail', header: t('detail'), cell: (c) => (c.detail ? <code lang="en" className="detail">{c.detail}</code> : '—') },
  ];
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.kioskId.trim()) next.set('kioskId', draft.kioskId.trim());
    if (draft.action) next.set('action', draft.action);
    setSearch(next);
    pages.reset();
  };
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      {message && (
        <p className="notice" role="status" data-testid="command-message">
          {message}
        </p>
      )}
      {session.can('kiosk.command') && (
        <section className="panel">
          <SendCommandForm initialKiosk={kioskId} onSent={(count) => setMessage(t('sent', { count }))} />
        </section>
      )}
      <h2>{t('recent')}</h2>
      <form className="filters" onSubmit={apply} aria-label={t('recent')}>
        <div className="field">
          <label htmlFor="filter-kiosk">{t('filterKiosk')}</label>
          <input id="filter-kiosk" value={draft.kioskId} onChange={(e) => setDraft((d) => ({ ...d, kioskId: e.target.value }))} data-testid="filter-kiosk" />
        </div>
        <div className="field">
          <label htmlFor="filter-action">{t('filterAction')}</label>
          <select id="filter-action" value={draft.action} onChange={(e) => setDraft((d) => ({ ...d, action: e.target.value }))} data-testid="filter-action">
            <option value="">{t('allActions')}</option>
            {RemoteActionKind.options.map((k) => (
              <option key={k} value={k}>
                {t(`actions.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-actions">
          <button type="submit" className="primary">
            {t('apply')}
          </button>
          <button type="button" onClick={() => { setDraft({ kioskId: '', action: '' }); setSearch(new URLSearchParams()); pages.reset(); }}>
            {t('reset')}
          </button>
        </div>
      </form>
      <ErrorNotice error={commands.error} />
      <DataTable caption={t('recent')} columns={columns} rows={commands.data?.commands ?? []} rowKey={(c) => c.commandId} empty={commands.isPending ? t('loading') : t('empty')} testId="commands-table" />
      <Pager page={pages.page} hasNext={(commands.data?.commands.length ?? 0) === PAGE_SIZE} onPrevious={pages.previous} onNext={() => commands.data?.nextBefore && pages.next(commands.data.nextBefore)} />
    </>
  );
}
