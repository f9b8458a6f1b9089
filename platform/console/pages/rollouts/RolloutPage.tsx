// One rollout as it happens: state, target, abort criteria and soak, each ring's counts, and each
// kiosk's result (refreshed every few seconds); pause, resume, cancel and abort for those allowed.
// Cancel and abort ask once more, because kiosks not yet told will never be.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'wouter';
import { resumeRollout, rolloutKiosks, rolloutStatus, RolloutKioskState, stopRollout, type RolloutKiosk } from '../../../api/rollouts';
import type { RingStatus } from '../../../../src-common/wire/fleetAdmin';
import { useEndpoint, useEndpointMutation } from '../../api/hooks';
import { useSession } from '../../app/session';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { Pager, useCursorPages } from '../../components/Pager';
import { TimeText } from '../../components/TimeText';
import { RolloutStateBadge, targetText } from './rolloutText';

const KIOSK_PAGE = 100;
const REFRESH_MS = 5_000;
const INVALIDATES = ['rollouts.status', 'rollouts.kiosks', 'rollouts.list'];

function RolloutActions({ rolloutId, state, onDone }: { readonly rolloutId: string; readonly state: string; readonly onDone: (state: string) => void }) {
  const { t } = useTranslation('rollouts');
  const session = useSession();
  const stop = useEndpointMutation(stopRollout, INVALIDATES);
  const resume = useEndpointMutation(resumeRollout, INVALIDATES);
  const [confirming, setConfirming] = useState<'cancel' | 'abort' | null>(null);
  const active = state === 'running' || state === 'paused';
  if (!active || !session.can('rollout.stop')) return null;
  const act = (action: 'pause' | 'cancel' | 'abort') => stop.mutate({ params: { rolloutId, action } }, { onSuccess: (s) => { setConfirming(null); onDone(s.state); } });
  return (
    <div className="rollout-actions">
      <div className="row-actions">
        {state === 'running' && (
          <button type="button" onClick={() => act('pause')} disabled={stop.isPending} data-testid="rollout-pause">
            {t('pause')}
          </button>
        )}
        {state === 'paused' && session.can('config.publish') && (
          <button type="button" className="primary" onClick={() => resume.mutate({ params: { rolloutId } }, { onSuccess: (s) => onDone(s.state) })} disabled={resume.isPending} data-testid="rollout-resume">
            {t('resume')}
          </button>
        )}
        {confirming === null && (
          <>
            <button type="button" onClick={() => setConfirming('cancel')} data-testid="rollout-cancel">
              {t('cancel')}
            </button>
            <button type="button" className="danger" onClick={() => setConfirming('abort')} data-testid="rollout-abort">
              {t('abort')}
            </button>
          </>
        )}
      </div>
      {confirming && (
        <div className="confirm" role="group" aria-labelledby="confirm-stop-hint">
          <p id="confirm-stop-hint">{t('confirmStopHint')}</p>
          <div className="row-actions">
            <button type="button" className="danger" onClick={() => act(confirming)} disabled={stop.isPending} data-testid="rollout-confirm">
              {confirming === 'abort' ? t('confirmAbort') : t('confirmCancel')}
            </button>
            <button type="button" onClick={() => setConfirming(null)}>
              {t('keep')}
            </button>
          </div>
        </div>
      )}
      <ErrorNotice error={stop.error ?? resume.error} testId="rollout-action-error" />
    </div>
  );
}

export default function RolloutPage() {
  const { t } = useTranslation('rollouts');
  const { rolloutId } = useParams<{ rolloutId: string }>();
  const [search] = useSearchParams();
  const [message, setMessage] = useState<string | null>(search.get('created') ? t('created') : null);
  const [ring, setRing] = useState('');
  const [state, setState] = useState('');
  const pages = useCursorPages<string>();
  const status = useEndpoint(rolloutStatus, { params: { rolloutId } }, { refreshMs: REFRESH_MS });
  const kiosks = useEndpoint(
    rolloutKiosks,
    { params: { rolloutId }, query: { limit: KIOSK_PAGE, ...(ring !== '' ? { ring: Number(ring) } : {}), ...(state ? { state: state as RolloutKioskState } : {}), ...(pages.cursor ? { after: pages.cursor } : {}) } },
    { refreshMs: REFRESH_MS },
  );
  const rollout = status.data;
  if (!rollout) {
    return (
      <>
        <Link href="/rollouts">{t('back')}</Link>
        {status.isPending ? <p>{t('loading')}</p> : <ErrorNotice error={status.error} />}
      </>
    );
  }
  const running = rollout.state === 'running' || rollout.state === 'paused';
  const ringColumns: Column<RingStatus>[] = [
    { key: 'ring', header: t('ring'), cell: (r) => t('ringName', { n: r.index + 1 }) },
    { key: 'kiosks', header: t('kiosks'), cell: (r) => r.kiosks, numeric: true },
    { key: 'applied', header: t('applied'), cell: (r) => r.applied, numeric: true },
    { key: 'failed', header: t('failed'), cell: (r) => <span className={r.failed > 0 ? 'warn' : undefined}>{r.failed}</span>, numeric: true },
    { key: 'pending', header: t('pending'), cell: (r) => r.pending, numeric: true },
    { key: 'offline', header: t('offline'), cell: (r) => r.offline, numeric: true },
    { key: 'state', header: t('state'), cell: (r) => <span data-testid={`ring-${r.index + 1}-state`}>{t(`ringStates.${r.state}`)}</span> },
  ];
  const kioskColumns: Column<RolloutKiosk>[] = [
    { key: 'kiosk', header: t('kiosk'), cell: (k) => <Link href={`/kiosks/${encodeURIComponent(k.kioskId)}`}>{k.kioskCode}</Link> },
    { key: 'ring', header: t('ring'), cell: (k) => t('ringName', { n: k.ring + 1 }) },
    {
      key: 'state',
      header: t('kioskState'),
      // Told kiosks of a stopped rollout had their desired version taken back (one that already
      // pulled the bundle still finishes and reports).
      cell: (k) => {
        const withdrawn = k.state === 'told' && !running;
        return (
          <span className={`kiosk-state-${withdrawn ? 'skipped' : k.state}`} data-testid={`kiosk-${k.kioskCode}-state`}>
            {withdrawn ? t('withdrawn') : t(`kioskStates.${k.state}`)}
          </span>
        );
      },
    },
    { key: 'detail', header: t('detail'), cell: (k) => (k.detail ? <code lang="en" className="detail">{k.detail}</code> : '—') },
    { key: 'updated', header: t('updatedAt'), cell: (k) => <TimeText iso={k.updatedAt} /> },
    { key: 'heartbeat', header: t('lastHeartbeat'), cell: (k) => <TimeText iso={k.lastHeartbeatAt} /> },
  ];
  const filterChanged = (apply: () => void) => {
    apply();
    pages.reset();
  };
  return (
    <>
      <Link href="/rollouts">{t('back')}</Link>
      <PageHeader title={t('rolloutTitle', { kind: t(`kind.${rollout.kind}`), version: rollout.version })} subtitle={targetText(rollout.target, t)} actions={<RolloutStateBadge state={rollout.state} />} />
      {message && (
        <p className="notice" role="status" data-testid="rollout-message">
          {message}
        </p>
      )}
      <ErrorNotice error={status.error} />
      <section className="panel" aria-label={t('rollout')}>
        <dl className="facts" data-testid="rollout-facts">
          <dt>{t('progress')}</dt>
          <dd data-testid="rollout-progress">{t('progressText', rollout.totals)}</dd>
          {rollout.reason && (
            <>
              <dt>{t('reason')}</dt>
              <dd>
                <code lang="en" data-testid="rollout-reason">
                  {rollout.reason}
                </code>
              </dd>
            </>
          )}
          {rollout.soakEndsAt && (
            <>
              <dt>{t('soakEndsAt')}</dt>
              <dd>
                <TimeText iso={rollout.soakEndsAt} />
              </dd>
            </>
          )}
          <dt>{t('abortCriteria')}</dt>
          <dd>{t('abortCriteriaText', { percent: rollout.abort.failurePercent, min: rollout.abort.minKiosks })}</dd>
          <dt>{t('offlineAfter')}</dt>
          <dd>{t('minutes', { count: Math.round(rollout.offlineAfterSeconds / 60) })}</dd>
          <dt>{t('createdAt')}</dt>
          <dd>
            <TimeText iso={rollout.createdAt} />
          </dd>
        </dl>
        <RolloutActions rolloutId={rollout.rolloutId} state={rollout.state} onDone={(s) => setMessage(t('actionDone', { state: t(`states.${s}`) }))} />
      </section>
      <h2>{t('ringsCaption')}</h2>
      <DataTable caption={t('ringsCaption')} columns={ringColumns} rows={rollout.rings} rowKey={(r) => String(r.index)} empty={t('empty')} testId="rings-table" />
      <h2>{t('kioskCaption')}</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor="filter-ring">{t('filterRing')}</label>
          <select id="filter-ring" value={ring} onChange={(e) => filterChanged(() => setRing(e.target.value))} data-testid="filter-ring">
            <option value="">{t('allRings')}</option>
            {rollout.rings.map((r) => (
              <option key={r.index} value={String(r.index)}>
                {t('ringName', { n: r.index + 1 })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-state">{t('filterState')}</label>
          <select id="filter-state" value={state} onChange={(e) => filterChanged(() => setState(e.target.value))} data-testid="filter-state">
            <option value="">{t('allStates')}</option>
            {RolloutKioskState.options.map((s) => (
              <option key={s} value={s}>
                {t(`kioskStates.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorNotice error={kiosks.error} />
      <DataTable caption={t('kioskCaption')} columns={kioskColumns} rows={kiosks.data?.kiosks ?? []} rowKey={(k) => k.kioskId} empty={kiosks.isPending ? t('loading') : t('noKiosks')} testId="rollout-kiosks" />
      <Pager page={pages.page} hasNext={(kiosks.data?.kiosks.length ?? 0) === KIOSK_PAGE} onPrevious={pages.previous} onNext={() => kiosks.data?.nextAfter && pages.next(kiosks.data.nextAfter)} />
    </>
  );
}
