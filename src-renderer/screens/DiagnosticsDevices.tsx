// Diagnostics: every device with its state and cause, and its self-test (the driver's action
// table, run under a diagnostics lease) with each step's outcome and timing; the kept history; and
// 占用设备维护 — a lease held for a session of work (10 min, renewable, released on exit).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceListEntry } from '../../src-common/api/devices';
import { RENDERER_CAMERA_ID, type HeldLeaseView, type SelfTestRun } from '../../src-common/api/technician';
import { useKiosk } from '../app/KioskContext';
import { useErrorSentence } from '../i18n/useErrorSentence';
import { runCameraSelfTest } from './cameraSelfTest';
import { shanghaiClock } from './diagnosticsTime';

/** A lease taken from the screen lasts this long unless renewed (the core's default). */
const LEASE_MINUTES = 10;

export default function DiagnosticsDevices() {
  const { t } = useTranslation('diagnostics');
  const errorSentence = useErrorSentence();
  const { client } = useKiosk();
  const [devices, setDevices] = useState<readonly DeviceListEntry[]>([]);
  const [runs, setRuns] = useState<readonly SelfTestRun[]>([]);
  const [running, setRunning] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [leases, setLeases] = useState<readonly HeldLeaseView[]>([]);
  /** Lease ids taken from this screen (the core knows them by connection; the list shows every holder). */
  const [mine, setMine] = useState<ReadonlySet<string>>(new Set());

  const refresh = useCallback(async () => {
    const [d, h, l] = await Promise.all([client.call('Devices.List', {}), client.call('Technician.SelfTestHistory', { limit: 50 }), client.call('Technician.Leases', {})]);
    if (d.ok) setDevices(d.value.devices);
    if (h.ok) setRuns(h.value.runs);
    if (l.ok) setLeases(l.value.leases);
  }, [client]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 3000);
    return () => clearInterval(timer);
  }, [refresh]);

  const selfTest = async (deviceId?: string) => {
    setRunning(deviceId ?? 'all');
    setError(undefined);
    const r = await client.call('Technician.SelfTest', { ...(deviceId ? { deviceId } : {}), mediaWaitSeconds: 5, requestedBy: 'screen' });
    setRunning(undefined);
    if (!r.ok) setError(errorSentence('Technician.SelfTest', r.error));
    void refresh();
  };

  const latest = (deviceId: string) => runs.find((r) => r.deviceId === deviceId);

  const cameraSelfTest = async () => {
    setRunning(RENDERER_CAMERA_ID);
    setError(undefined);
    const result = await runCameraSelfTest();
    await client.call('Technician.RecordCameraSelfTest', result);
    setRunning(undefined);
    void refresh();
  };

  const takeLease = async (deviceId: string) => {
    setError(undefined);
    const r = await client.call('Technician.LeaseDevice', { deviceId, minutes: LEASE_MINUTES });
    if (r.ok) setMine((m) => new Set([...m, r.value.leaseId]));
    else setError(errorSentence('Technician.LeaseDevice', r.error));
    void refresh();
  };
  const renewLease = async (leaseId: string) => {
    const r = await client.call('Technician.RenewLease', { leaseId, minutes: LEASE_MINUTES });
    if (!r.ok) setError(errorSentence('Technician.RenewLease', r.error));
    void refresh();
  };
  const releaseLease = async (leaseId: string) => {
    await client.call('Technician.ReleaseLease', { leaseId });
    setMine((m) => new Set([...m].filter((id) => id !== leaseId)));
    void refresh();
  };

  const runResult = (run: SelfTestRun) => (
    <div data-testid={`diag-selftest-result-${run.deviceId}`} data-outcome={run.outcome}>
      <strong className={run.outcome === 'passed' ? 'diag-ok' : 'diag-bad'}>{t(`outcome.${run.outcome}`)}</strong>
      <ul className="diag-steps">
        {run.steps.map((s) => (
          <li key={s.action} className={`diag-step diag-step--${s.outcome}`}>
            {s.action} · {t(`outcome.${s.outcome}`)} · {s.durationMs} ms{s.detail ? ` · ${s.detail}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
  const cameraRun = latest(RENDERER_CAMERA_ID);

  return (
    <section className="card" data-testid="diag-devices">
      <div className="diag-heading">
        <h2>{t('devices')}</h2>
        <button type="button" className="button" data-testid="diag-selftest-all" disabled={running !== undefined} onClick={() => void selfTest()}>
          {running === 'all' ? t('selfTestRunning') : t('selfTestAll')}
        </button>
      </div>
      {error && (
        <p className="notice notice--error" role="alert" data-testid="diag-selftest-error">
          {error}
        </p>
      )}
      <table className="diag-table">
        <thead>
          <tr>
            <th scope="col">{t('device')}</th>
            <th scope="col">{t('state')}</th>
            <th scope="col">{t('reason')}</th>
            <th scope="col">{t('lease.label')}</th>
            <th scope="col">{t('selfTest')}</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((d) => {
            const run = latest(d.deviceId);
            const lease = leases.find((l) => l.deviceId === d.deviceId);
            const leaseIsMine = lease !== undefined && mine.has(lease.leaseId);
            return (
              <tr key={d.deviceId} data-testid={`diag-device-${d.deviceId}`}>
                <td>
                  {d.deviceId} <span className="muted">({d.driver}, {d.transport})</span>
                </td>
                <td className={d.status.state === 'online' ? 'diag-ok' : 'diag-bad'}>{d.status.state}</td>
                <td>{d.status.reason ?? ''}</td>
                <td data-testid={`diag-lease-${d.deviceId}`}>
                  {lease && <div className="muted">{leaseIsMine ? t('lease.heldByMe', { until: shanghaiClock(lease.expiresAt) }) : t('lease.heldByOther', { holder: lease.holder, until: shanghaiClock(lease.expiresAt) })}</div>}
                  {!lease && (
                    <button type="button" className="button button--small" data-testid={`diag-lease-take-${d.deviceId}`} title={t('lease.citizenOff')} onClick={() => void takeLease(d.deviceId)}>
                      {t('lease.take')}
                    </button>
                  )}
                  {lease && leaseIsMine && (
                    <>
                      <button type="button" className="button button--small" data-testid={`diag-lease-renew-${d.deviceId}`} onClick={() => void renewLease(lease.leaseId)}>
                        {t('lease.renew')}
                      </button>
                      <button type="button" className="button button--small" data-testid={`diag-lease-release-${d.deviceId}`} onClick={() => void releaseLease(lease.leaseId)}>
                        {t('lease.release')}
                      </button>
                    </>
                  )}
                </td>
                <td>
                  <button type="button" className="button button--small" data-testid={`diag-selftest-${d.deviceId}`} disabled={running !== undefined} onClick={() => void selfTest(d.deviceId)}>
                    {running === d.deviceId ? t('selfTestRunning') : t('selfTestOne')}
                  </button>
                  {run && runResult(run)}
                </td>
              </tr>
            );
          })}
          <tr data-testid={`diag-device-${RENDERER_CAMERA_ID}`}>
            <td>
              {t('camera.name')} <span className="muted">({t('camera.where')})</span>
            </td>
            <td>—</td>
            <td />
            <td />
            <td>
              <button type="button" className="button button--small" data-testid={`diag-selftest-${RENDERER_CAMERA_ID}`} disabled={running !== undefined} onClick={() => void cameraSelfTest()}>
                {running === RENDERER_CAMERA_ID ? t('selfTestRunning') : t('selfTestOne')}
              </button>
              {cameraRun && runResult(cameraRun)}
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
