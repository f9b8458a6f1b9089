// Diagnostics: the network and the platform (reachability with a fresh round trip, last successful
// sync, last error code, queue depth) and the outbox's dead letters — kind, attempts, last error
// code, age; never a payload, which can hold a citizen's data — retried one by one or all at once,
// each after a confirmation.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeadLetterView, NetworkState } from '../../src-common/api/technician';
import { useKiosk } from '../app/KioskContext';
import { useErrorSentence } from '../i18n/useErrorSentence';
import { shanghaiTime } from './diagnosticsTime';

/** What the technician is asked to confirm: one letter, or all of them. */
type Pending = { readonly kind: 'one'; readonly letter: DeadLetterView } | { readonly kind: 'all' };

export default function DiagnosticsOutbox() {
  const { t } = useTranslation('diagnostics');
  const errorSentence = useErrorSentence();
  const { client } = useKiosk();
  const [network, setNetwork] = useState<NetworkState | undefined>();
  const [letters, setLetters] = useState<readonly DeadLetterView[]>([]);
  const [total, setTotal] = useState(0);
  const [pending, setPending] = useState<Pending | undefined>();
  const [message, setMessage] = useState<string | undefined>();

  const refreshLetters = useCallback(async () => {
    const r = await client.call('Technician.DeadLetters', { limit: 50 });
    if (r.ok) {
      setLetters(r.value.deadLetters);
      setTotal(r.value.total);
    }
  }, [client]);
  const checkNetwork = useCallback(async () => {
    const r = await client.call('Technician.Network', {});
    if (r.ok) setNetwork(r.value);
  }, [client]);
  useEffect(() => {
    void refreshLetters();
    void checkNetwork();
    const timer = setInterval(() => void refreshLetters(), 5000);
    return () => clearInterval(timer);
  }, [refreshLetters, checkNetwork]);

  const age = (seconds: number) => (seconds < 3600 ? t('outbox.ageMinutes', { count: Math.floor(seconds / 60) }) : t('outbox.ageHours', { count: Math.floor(seconds / 3600) }));

  const confirm = async () => {
    const what = pending;
    setPending(undefined);
    if (!what) return;
    const r = what.kind === 'one' ? await client.call('Technician.RetryDeadLetter', { id: what.letter.id }) : await client.call('Queue.RetryDead', {});
    if (r.ok) setMessage(t('outbox.revived', { count: r.value.revived }));
    else setMessage(errorSentence(what.kind === 'one' ? 'Technician.RetryDeadLetter' : 'Queue.RetryDead', r.error));
    void refreshLetters();
    void checkNetwork();
  };

  return (
    <>
      <section className="card" data-testid="diag-network">
        <div className="diag-heading">
          <h2>{t('outbox.network')}</h2>
          <button type="button" className="button button--small" data-testid="diag-network-check" onClick={() => void checkNetwork()}>
            {t('outbox.check')}
          </button>
        </div>
        {network && (
          <dl className="diag-facts">
            <dt>{t('outbox.platformUrl')}</dt>
            <dd>{network.platformUrl ?? '—'}</dd>
            <dt>{t('outbox.reachable')}</dt>
            <dd data-testid="diag-network-reachable" className={network.platformOnline ? 'diag-ok' : 'diag-bad'}>
              {network.platformOnline ? t('outbox.yes') : t('outbox.no')}
            </dd>
            <dt>{t('outbox.roundTrip')}</dt>
            <dd data-testid="diag-network-rtt">{network.roundTripMs === null ? '—' : `${network.roundTripMs} ms`}</dd>
            <dt>{t('outbox.lastSuccess')}</dt>
            <dd>{network.lastSyncAt ? shanghaiTime(network.lastSyncAt) : '—'}</dd>
            <dt>{t('outbox.lastError')}</dt>
            <dd data-testid="diag-network-error">{network.lastErrorCode ?? '—'}</dd>
            <dt>{t('outbox.depth')}</dt>
            <dd>
              {t('pending', { count: network.pending })} · {t('deadLetter', { count: network.deadLetter })}
            </dd>
          </dl>
        )}
      </section>
      <section className="card" data-testid="diag-dead-letters">
        <div className="diag-heading">
          <h2>{t('outbox.deadLetters')}</h2>
          <button type="button" className="button button--small" data-testid="diag-dead-retry-all" disabled={total === 0} onClick={() => setPending({ kind: 'all' })}>
            {t('outbox.retryAll')}
          </button>
        </div>
        {pending && (
          <div className="notice notice--warn" role="alertdialog" data-testid="diag-dead-confirm">
            <p>{pending.kind === 'one' ? t('outbox.confirmOne', { kind: pending.letter.kind }) : t('outbox.confirmAll', { count: total })}</p>
            <div className="diag-actions">
              <button type="button" className="button button--primary" data-testid="diag-dead-confirm-yes" onClick={() => void confirm()}>
                {t('outbox.confirm')}
              </button>
              <button type="button" className="button" data-testid="diag-dead-confirm-no" onClick={() => setPending(undefined)}>
                {t('outbox.cancel')}
              </button>
            </div>
          </div>
        )}
        {message && (
          <p className="notice notice--ok" role="status" data-testid="diag-dead-message">
            {message}
          </p>
        )}
        {letters.length === 0 ? (
          <p className="muted" data-testid="diag-dead-none">
            {t('outbox.none')}
          </p>
        ) : (
          <table className="diag-table">
            <thead>
              <tr>
                <th scope="col">{t('outbox.kind')}</th>
                <th scope="col">{t('outbox.attempts')}</th>
                <th scope="col">{t('outbox.errorCode')}</th>
                <th scope="col">{t('outbox.age')}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {letters.map((l) => (
                <tr key={l.id} data-testid={`diag-dead-${l.id}`}>
                  <td>{l.kind}</td>
                  <td>{l.attempts}</td>
                  <td>{l.lastErrorCode ?? '—'}</td>
                  <td>{age(l.ageSeconds)}</td>
                  <td>
                    <button type="button" className="button button--small" data-testid={`diag-dead-retry-${l.id}`} onClick={() => setPending({ kind: 'one', letter: l })}>
                      {t('outbox.retryOne')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
