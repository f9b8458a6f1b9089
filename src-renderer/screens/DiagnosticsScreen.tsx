// The technician's diagnostics screen: PIN entry on the digit pad, then device statuses with
// their causes, the outbox, and the few actions a technician takes on site. Leaving reloads the
// renderer clean, like the end of a citizen session.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceListEntry } from '../../src-common/api/devices';
import { useKiosk } from '../app/KioskContext';
import { OnScreenKeyboard } from '../components/keyboard/OnScreenKeyboard';
import { useErrorSentence } from '../i18n/useErrorSentence';

/** How often the technician's device and outbox view refreshes while open. */
const REFRESH_EVERY_MS = 3000;

/** The one thing a technician needs from each action's answer. */
function summarize(value: unknown): string {
  const v = value as { state?: string; reason?: string; outcome?: string; revived?: number };
  if (v.state) return `${v.state}${v.reason ? ` (${v.reason})` : ''}`;
  if (v.outcome) return v.outcome;
  if (v.revived !== undefined) return `revived ${v.revived}`;
  return JSON.stringify(value).slice(0, 120);
}

export default function DiagnosticsScreen(props: { readonly onLeave: () => void }) {
  const { t } = useTranslation('diagnostics');
  const errorSentence = useErrorSentence();
  const { client } = useKiosk();
  const [pin, setPin] = useState('');
  const [entered, setEntered] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [devices, setDevices] = useState<readonly DeviceListEntry[]>([]);
  const [queue, setQueue] = useState<{ pending: number; deadLetter: number; platformOnline: boolean } | undefined>();
  const [message, setMessage] = useState<string | undefined>();

  const refresh = useCallback(async () => {
    const [d, q] = await Promise.all([client.call('Devices.List', {}), client.call('Queue.Status', {})]);
    if (d.ok) setDevices(d.value.devices);
    if (q.ok) setQueue(q.value);
  }, [client]);

  useEffect(() => {
    if (!entered) return;
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_EVERY_MS);
    return () => clearInterval(timer);
  }, [entered, refresh]);

  const enter = async () => {
    const r = await client.call('Diagnostics.Enter', { pin });
    setPin('');
    if (r.ok) {
      setEntered(true);
      setError(undefined);
    } else setError(errorSentence('Diagnostics.Enter', r.error));
  };
  const act = async (name: 'Printing.TestPage' | 'Queue.Flush' | 'Queue.RetryDead') => {
    const r = await client.call(name, {});
    setMessage(r.ok ? t('done', { result: summarize(r.value) }) : t('failed', { reason: r.error.description }));
    void refresh();
  };
  const leave = async () => {
    await client.call('Diagnostics.Exit', {});
    props.onLeave();
  };

  if (!entered) {
    return (
      <main className="diagnostics" data-testid="diagnostics-pin">
        <h1 className="journey__title">{t('title')}</h1>
        <section className="card">
          <h2 id="pin-label">{t('pin')}</h2>
          <p className="muted">{t('pinHint')}</p>
          <input className="pin-input" type="password" aria-labelledby="pin-label" data-testid="diagnostics-pin-input" readOnly inputMode="none" value={pin} />
          {error && (
            <p className="notice notice--error" role="alert" data-testid="diagnostics-error">
              {error}
            </p>
          )}
          <OnScreenKeyboard value={pin} onChange={setPin} modes={['digits']} maxLength={12} onDone={() => void enter()} />
          <div className="diagnostics__actions">
            <button type="button" className="button" onClick={props.onLeave}>
              {t('common:common.back')}
            </button>
            <button type="button" className="button button--primary" data-testid="diagnostics-enter" onClick={() => void enter()}>
              {t('enter')}
            </button>
          </div>
        </section>
      </main>
    );
  }

  return (
    <main className="diagnostics" data-testid="diagnostics">
      <h1 className="journey__title">{t('title')}</h1>
      <section className="card">
        <h2>{t('devices')}</h2>
        <table className="diag-table">
          <thead>
            <tr>
              <th scope="col">{t('device')}</th>
              <th scope="col">{t('state')}</th>
              <th scope="col">{t('reason')}</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.deviceId} data-testid={`diag-device-${d.deviceId}`}>
                <td>
                  {d.deviceId} <span className="muted">({d.driver}, {d.transport})</span>
                </td>
                <td className={d.status.state === 'online' ? 'diag-ok' : 'diag-bad'}>{d.status.state}</td>
                <td>{d.status.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {queue && (
        <section className="card" data-testid="diag-queue">
          <h2>{t('queue')}</h2>
          <p>
            {t('pending', { count: queue.pending })} · {t('deadLetter', { count: queue.deadLetter })} · {queue.platformOnline ? t('online') : t('offline')}
          </p>
        </section>
      )}
      {message && (
        <p className="notice notice--ok" role="status" data-testid="diag-message">
          {message}
        </p>
      )}
      <div className="diagnostics__actions">
        <button type="button" className="button" data-testid="diag-test-page" onClick={() => void act('Printing.TestPage')}>
          {t('testPage')}
        </button>
        <button type="button" className="button" data-testid="diag-flush" onClick={() => void act('Queue.Flush')}>
          {t('flush')}
        </button>
        <button type="button" className="button" data-testid="diag-retry-dead" onClick={() => void act('Queue.RetryDead')}>
          {t('retryDead')}
        </button>
        <button type="button" className="button button--danger" data-testid="diag-exit" onClick={() => void leave()}>
          {t('exit')}
        </button>
      </div>
    </main>
  );
}
