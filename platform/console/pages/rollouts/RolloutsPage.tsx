// Rollouts (viewers read, publishers create): every rollout with its state and progress, and a
// form to roll a published bundle out to a group in rings with a soak time and abort criteria.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { KioskLevel } from '../../../api/fleet';
import { createRollout, listBundles, listGroups, listRollouts } from '../../../api/rollouts';
import { RingSpec, type RolloutStatus, type TargetSelector } from '../../../../src-common/wire/fleetAdmin';
import { useEndpoint, useEndpointMutation } from '../../api/hooks';
import { useSession } from '../../app/session';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { TimeText } from '../../components/TimeText';
import { RolloutStateBadge, targetText } from './rolloutText';

/** `1,10%,100%` → a canary of one kiosk, then 10 %, then all; null when a part is not a ring. */
export function parseRings(text: string): RingSpec[] | null {
  const rings: RingSpec[] = [];
  for (const part of text.split(/[,，]/).map((p) => p.trim()).filter(Boolean)) {
    const spec = part.endsWith('%') || part.endsWith('％') ? { percent: Number(part.slice(0, -1)) } : { kiosks: Number(part) };
    const parsed = RingSpec.safeParse(spec);
    if (!parsed.success) return null;
    rings.push(parsed.data);
  }
  return rings.length > 0 ? rings : null;
}

function CreateRolloutForm() {
  const { t } = useTranslation('rollouts');
  const [, navigate] = useLocation();
  const bundles = useEndpoint(listBundles, {});
  const groups = useEndpoint(listGroups, {});
  const create = useEndpointMutation(createRollout, ['rollouts.list']);
  const [draft, setDraft] = useState({ bundle: '', group: '', level: '', region: '', rings: '1,10%,100%', soakMinutes: '10', failurePercent: '10', minKiosks: '1', offlineMinutes: '10', note: '' });
  const [ringsInvalid, setRingsInvalid] = useState(false);
  const set = (key: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const rings = parseRings(draft.rings);
    setRingsInvalid(rings === null);
    const [kind, version] = draft.bundle.split(':');
    if (!rings || !kind || !version) return;
    const target: TargetSelector = {
      ...(draft.group ? { group: draft.group } : {}),
      ...(draft.level ? { levels: [draft.level as KioskLevel] } : {}),
      ...(draft.region.trim() ? { regionPrefix: draft.region.trim() } : {}),
    };
    create.mutate(
      {
        body: {
          kind: kind as 'config' | 'catalog',
          version: Number(version),
          target,
          rings,
          soakSeconds: Math.round(Number(draft.soakMinutes) * 60),
          abort: { failurePercent: Number(draft.failurePercent), minKiosks: Number(draft.minKiosks) },
          offlineAfterSeconds: Math.round(Number(draft.offlineMinutes) * 60),
          ...(draft.note.trim() ? { note: draft.note.trim() } : {}),
        },
      },
      { onSuccess: (status) => navigate(`/rollouts/${encodeURIComponent(status.rolloutId)}?created=1`) },
    );
  };

  const numberField = (key: 'soakMinutes' | 'failurePercent' | 'minKiosks' | 'offlineMinutes', label: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`rollout-${key}`}>{label}</label>
      <input id={`rollout-${key}`} type="number" min={key === 'soakMinutes' || key === 'failurePercent' ? 0 : 1} step="any" required value={draft[key]} onChange={(e) => set(key)(e.target.value)} aria-describedby={hint ? `rollout-${key}-hint` : undefined} data-testid={`rollout-${key}`} />
      {hint && (
        <small id={`rollout-${key}-hint`} className="hint">
          {hint}
        </small>
      )}
    </div>
  );

  return (
    <form className="create-rollout" onSubmit={submit} aria-labelledby="create-rollout" data-testid="create-rollout">
      <h2 id="create-rollout">{t('create')}</h2>
      <p className="hint wide">{t('createHint')}</p>
      <div className="field">
        <label htmlFor="rollout-bundle">{t('chooseBundle')}</label>
        <select id="rollout-bundle" required value={draft.bundle} onChange={(e) => set('bundle')(e.target.value)} data-testid="rollout-bundle">
          <option value="">{(bundles.data?.bundles.length ?? 0) === 0 ? t('noBundle') : '—'}</option>
          {bundles.data?.bundles.map((b) => (
            <option key={`${b.kind}:${b.version}`} value={`${b.kind}:${b.version}`}>
              {t('bundleLabel', { kind: t(`kind.${b.kind}`), version: b.version })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="rollout-group">{t('group')}</label>
        <select id="rollout-group" value={draft.group} onChange={(e) => set('group')(e.target.value)} data-testid="rollout-group">
          <option value="">{t('allKiosks')}</option>
          {groups.data?.groups.map((g) => (
            <option key={g.name} value={g.name}>
              {g.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="rollout-level">{t('level')}</label>
        <select id="rollout-level" value={draft.level} onChange={(e) => set('level')(e.target.value)} data-testid="rollout-level">
          <option value="">{t('anyLevel')}</option>
          {KioskLevel.options.map((l) => (
            <option key={l} value={l}>
              {t(`level.${l}`, { ns: 'common' })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="rollout-region">{t('region')}</label>
        <input id="rollout-region" inputMode="numeric" pattern="\d{2,12}" value={draft.region} onChange={(e) => set('region')(e.target.value)} aria-describedby="rollout-region-hint" data-testid="rollout-region" />
        <small id="rollout-region-hint" className="hint">
          {t('regionHint')}
        </small>
      </div>
      <div className="field">
        <label htmlFor="rollout-rings">{t('rings')}</label>
        <input id="rollout-rings" required value={draft.rings} onChange={(e) => set('rings')(e.target.value)} aria-describedby="rollout-rings-hint" aria-invalid={ringsInvalid} data-testid="rollout-rings" />
        <small id="rollout-rings-hint" className="hint">
          {t('ringsHint')}
        </small>
      </div>
      {numberField('soakMinutes', t('soakMinutes'))}
      {numberField('failurePercent', t('failurePercent'), t('abortHint'))}
      {numberField('minKiosks', t('minKiosks'))}
      {numberField('offlineMinutes', t('offlineMinutes'), t('offlineHint'))}
      <div className="field">
        <label htmlFor="rollout-note">{t('note')}</label>
        <input id="rollout-note" maxLength={200} value={draft.note} onChange={(e) => set('note')(e.target.value)} data-testid="rollout-note" />
      </div>
      {ringsInvalid && (
        <p className="error" role="alert">
          {t('ringsInvalid')}
        </p>
      )}
      <ErrorNotice error={create.error} testId="create-error" />
      <button type="submit" className="primary" disabled={create.isPending} data-testid="rollout-submit">
        {t('createSubmit')}
      </button>
    </form>
  );
}

export default function RolloutsPage() {
  const { t } = useTranslation('rollouts');
  const session = useSession();
  const rollouts = useEndpoint(listRollouts, {}, { refreshMs: 10_000 });
  const columns: Column<RolloutStatus>[] = [
    {
      key: 'bundle',
      header: t('bundle'),
      cell: (r) => (
        <Link href={`/rollouts/${encodeURIComponent(r.rolloutId)}`} data-testid={`rollout-${r.kind}-${r.version}`}>
          {t('bundleLabel', { kind: t(`kind.${r.kind}`), version: r.version })}
        </Link>
      ),
    },
    { key: 'state', header: t('state'), cell: (r) => <RolloutStateBadge state={r.state} /> },
    { key: 'target', header: t('target'), cell: (r) => targetText(r.target, t) },
    { key: 'progress', header: t('progress'), cell: (r) => t('progressText', r.totals) },
    { key: 'created', header: t('createdAt'), cell: (r) => <TimeText iso={r.createdAt} /> },
  ];
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <ErrorNotice error={rollouts.error} />
      <DataTable caption={t('caption')} columns={columns} rows={rollouts.data?.rollouts ?? []} rowKey={(r) => r.rolloutId} empty={rollouts.isPending ? t('loading') : t('empty')} testId="rollouts-table" />
      {session.can('config.publish') && (
        <section className="panel">
          <CreateRolloutForm />
        </section>
      )}
    </>
  );
}
