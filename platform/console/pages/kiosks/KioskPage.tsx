// One kiosk: its tags (editable by operators), liveness and last heartbeat, the problems that
// make it degraded, devices with consumables, each device's latest self-test with step timings,
// sync queue, versions, free disk, and its recent events (kind, stream and times; never personal
// data). Re-read every 30 s.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import { kioskDetail, kioskEvents, type KioskDetail } from '../../../api/fleet';
import { useEndpoint } from '../../api/hooks';
import { useSession } from '../../app/session';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { Pager, useCursorPages } from '../../components/Pager';
import { StatusBadge } from '../../components/StatusBadge';
import { TimeText } from '../../components/TimeText';
import { TagEditor } from './TagEditor';

const EVENTS_PAGE = 20;

/** The label of a reported value (device class, state, version key); one this console does not know yet is shown as it came. */
function labelOrValue(t: (key: string) => string, exists: (key: string) => boolean) {
  return (prefix: string, value: string) => (exists(`kiosks:${prefix}.${value}`) ? t(`${prefix}.${value}`) : value);
}

export default function KioskPage() {
  const { t, i18n } = useTranslation('kiosks');
  const known = labelOrValue(t, (key) => i18n.exists(key));
  const { kioskId } = useParams<{ kioskId: string }>();
  const session = useSession();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const detail = useEndpoint(kioskDetail, { params: { kioskId } }, { refreshMs: 30_000 });
  const pages = useCursorPages<number>();
  const events = useEndpoint(kioskEvents, { params: { kioskId }, query: { limit: EVENTS_PAGE, ...(pages.cursor !== undefined ? { before: pages.cursor } : {}) } }, { refreshMs: 30_000 });
  const kiosk = detail.data;

  if (!kiosk) {
    return (
      <>
        <Link href="/kiosks">{t('back')}</Link>
        {detail.isPending ? <p>{t('loading', { ns: 'common' })}</p> : <ErrorNotice error={detail.error} />}
      </>
    );
  }
  const deviceName = (id: string | null) => {
    const device = kiosk.devices.find((d) => d.deviceId === id);
    return device ? t('deviceWithId', { name: known('deviceClassName', device.deviceClass), id: device.deviceId }) : (id ?? '');
  };
  const deviceColumns: Column<KioskDetail['devices'][number]>[] = [
    { key: 'device', header: t('device'), cell: (d) => d.deviceId },
    { key: 'class', header: t('deviceClass'), cell: (d) => known('deviceClassName', d.deviceClass) },
    { key: 'state', header: t('state'), cell: (d) => <span className={d.state === 'online' || d.state === 'deviceBusy' ? undefined : 'warn'}>{known('deviceState', d.state)}</span> },
    { key: 'paper', header: t('paper'), cell: (d) => (d.paper ? <span className={d.paper === 'ok' ? undefined : 'warn'}>{t(`paperLevel.${d.paper}`)}</span> : '—') },
    { key: 'cashBox', header: t('cashBox'), cell: (d) => (d.cashBox ? <span className={d.cashBox === 'ok' ? undefined : 'warn'}>{t(`cashBoxLevel.${d.cashBox}`)}</span> : '—') },
    { key: 'detail', header: t('technicianDetail'), cell: (d) => (d.reason ? <code lang="en">{d.reason}</code> : '—') },
  ];
  const selfTestColumns: Column<KioskDetail['selfTests'][number]>[] = [
    { key: 'device', header: t('device'), cell: (r) => deviceName(r.deviceId) },
    { key: 'outcome', header: t('selfTestOutcome'), cell: (r) => <span className={r.outcome === 'passed' ? undefined : 'warn'}>{t(`selfTestResult.${r.outcome}`)}</span> },
    { key: 'finished', header: t('selfTestFinished'), cell: (r) => <TimeText iso={r.finishedAt} /> },
    {
      key: 'steps',
      header: t('selfTestSteps'),
      cell: (r) => (
        <ul className="steps">
          {r.steps.map((s) => (
            <li key={s.action} className={s.outcome === 'failed' ? 'warn' : undefined}>
              <code>{s.action}</code> {t(`selfTestResult.${s.outcome}`)} · {s.durationMs} ms
            </li>
          ))}
        </ul>
      ),
    },
  ];
  const eventColumns: Column<NonNullable<typeof events.data>['events'][number]>[] = [
    { key: 'occurred', header: t('occurredAt'), cell: (e) => <TimeText iso={e.occurredAt} /> },
    { key: 'kind', header: t('eventKind'), cell: (e) => <code>{e.kind}</code> },
    { key: 'stream', header: t('stream'), cell: (e) => <code>{`${e.streamKey} #${e.streamSeq}`}</code> },
    { key: 'received', header: t('receivedAt'), cell: (e) => <TimeText iso={e.receivedAt} /> },
  ];
  const tags = kiosk.tags;
  const dash = (v: string | null) => v ?? t('notTagged', { ns: 'common' });
  return (
    <>
      <Link href="/kiosks">{t('back')}</Link>
      <PageHeader
        title={t('kioskTitle', { code: kiosk.kioskCode })}
        subtitle={tags.siteName ?? undefined}
        actions={
          <>
            <span className="status-line" data-testid="kiosk-status">
              <StatusBadge status={kiosk.status} /> {t('lastHeartbeatLabel')}
              <TimeText iso={kiosk.lastHeartbeatAt} relative />
            </span>
            <Link href={`/commands?kioskId=${encodeURIComponent(kiosk.kioskId)}`} data-testid="kiosk-commands">
              {t('commandsLink')}
            </Link>
          </>
        }
      />
      <ErrorNotice error={detail.error} />
      <div className="grid">
        <section className="panel" aria-labelledby="basics">
          <div className="panel-head">
            <h2 id="basics">{t('basics')}</h2>
            {session.can('kiosk.tag') && !editing && (
              <button type="button" onClick={() => { setEditing(true); setSaved(false); }} data-testid="edit-tags">
                {t('editTags')}
              </button>
            )}
          </div>
          {saved && (
            <p className="notice" role="status" data-testid="tags-saved">
              {t('tagsSaved')}
            </p>
          )}
          {editing ? (
            <TagEditor kioskId={kiosk.kioskId} tags={tags} onDone={(ok) => { setEditing(false); setSaved(ok); }} />
          ) : (
            <dl className="facts" data-testid="kiosk-tags">
              <dt>{t('kioskId')}</dt>
              <dd><code>{kiosk.kioskId}</code></dd>
              <dt>{t('registeredAt')}</dt>
              <dd><TimeText iso={kiosk.createdAt} /></dd>
              <dt>{t('region')}</dt>
              <dd>{dash(tags.regionCode)}</dd>
              <dt>{t('level')}</dt>
              <dd>{tags.level ? t(`level.${tags.level}`, { ns: 'common' }) : dash(null)}</dd>
              <dt>{t('siteKind')}</dt>
              <dd>{tags.siteKind ? t(`siteKind.${tags.siteKind}`, { ns: 'common' }) : dash(null)}</dd>
              <dt>{t('hardware')}</dt>
              <dd>{dash(tags.hardware)}</dd>
            </dl>
          )}
        </section>
        <section className="panel" aria-labelledby="problems">
          <h2 id="problems">{t('problems')}</h2>
          {kiosk.status === 'offline' && <p className="notice">{t('offlineNote')}</p>}
          {kiosk.lastHeartbeatAt === null ? (
            <p>{t('noHeartbeat')}</p>
          ) : kiosk.problems.length === 0 ? (
            <p>{t('noProblems')}</p>
          ) : (
            <ul className="problems" data-testid="kiosk-problems">
              {kiosk.problems.map((p) => (
                <li key={`${p.code}-${p.deviceId ?? ''}`}>{t(`problem.${p.code}`, { device: deviceName(p.deviceId) })}</li>
              ))}
            </ul>
          )}
          {kiosk.queue && (
            <>
              <h3>{t('queue')}</h3>
              <dl className="facts" data-testid="kiosk-queue">
                <dt>{t('pending')}</dt>
                <dd>{kiosk.queue.pending}</dd>
                <dt>{t('deadLetter')}</dt>
                <dd>{kiosk.queue.deadLetter}</dd>
                <dt>{t('oldestPending')}</dt>
                <dd>{kiosk.queue.oldestPendingAgeSeconds === null ? t('none', { ns: 'common' }) : t('seconds', { count: Math.round(kiosk.queue.oldestPendingAgeSeconds) })}</dd>
              </dl>
            </>
          )}
          {kiosk.versions && (
            <>
              <h3>{t('versions')}</h3>
              <dl className="facts" data-testid="kiosk-versions">
                {Object.entries(kiosk.versions).map(([key, value]) => (
                  <div key={key} className="fact">
                    <dt>{known('versionKey', key)}</dt>
                    <dd>{value ?? t('none', { ns: 'common' })}</dd>
                  </div>
                ))}
                {kiosk.diskFreeBytes !== null && (
                  <div className="fact">
                    <dt>{t('disk')}</dt>
                    <dd>{new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(kiosk.diskFreeBytes / 1024 ** 3)} GB</dd>
                  </div>
                )}
              </dl>
            </>
          )}
        </section>
      </div>
      {kiosk.devices.length > 0 && (
        <section className="panel" aria-labelledby="devices">
          <h2 id="devices">{t('devices')}</h2>
          <DataTable caption={t('devicesCaption')} columns={deviceColumns} rows={kiosk.devices} rowKey={(d) => d.deviceId} empty="—" testId="kiosk-devices" />
        </section>
      )}
      {kiosk.lastHeartbeatAt !== null && (
        <section className="panel" aria-labelledby="self-tests">
          <h2 id="self-tests">{t('selfTests')}</h2>
          <DataTable caption={t('selfTestsCaption')} columns={selfTestColumns} rows={kiosk.selfTests} rowKey={(r) => r.deviceId} empty={t('selfTestsNone')} testId="kiosk-self-tests" />
        </section>
      )}
      <section className="panel" aria-labelledby="events">
        <h2 id="events">{t('events')}</h2>
        <p className="hint">{t('eventsNote')}</p>
        <ErrorNotice error={events.error} />
        <DataTable caption={t('eventsCaption')} columns={eventColumns} rows={events.data?.events ?? []} rowKey={(e) => String(e.seq)} empty={t('noEvents')} testId="kiosk-events" />
        <Pager page={pages.page} hasNext={(events.data?.events.length ?? 0) === EVENTS_PAGE} onPrevious={pages.previous} onNext={() => events.data?.nextBefore && pages.next(events.data.nextBefore)} />
      </section>
    </>
  );
}
