// Diagnostics: whether citizens are served now (open, closed, or maintenance with its reason), the
// outbox and the platform (sync now; dead letters are retried on the network tab, with a
// confirmation: DiagnosticsOutbox), the cash journal check, the receipt test
// page and the PII-free diagnostics bundle — saved to the data dir (and a USB stick) with its path
// shown, or uploaded to the platform.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskAvailability } from '../../src-common/api/kiosk';
import type { QueueStatus } from '../../src-common/api/queue';
import { useKiosk } from '../app/KioskContext';
import { useErrorSentence } from '../i18n/useErrorSentence';
import { shanghaiTime } from './diagnosticsTime';

/** The one thing a technician needs from each action's answer. */
function summarize(value: unknown): string {
  const v = value as { state?: string; reason?: string; outcome?: string; intact?: boolean; entries?: number };
  if (v.state) return `${v.state}${v.reason ? ` (${v.reason})` : ''}`;
  if (v.outcome) return v.outcome;
  if (v.intact !== undefined) return v.intact ? `journal intact, ${v.entries} entries` : 'journal BROKEN';
  return JSON.stringify(value).slice(0, 120);
}

export default function DiagnosticsQueue() {
  const { t, i18n } = useTranslation('diagnostics');
  const { client } = useKiosk();
  // The screen's language, as everywhere; the technical description stays in the core's log.
  const errorSentence = useErrorSentence();
  const [queue, setQueue] = useState<QueueStatus | undefined>();
  const [availability, setAvailability] = useState<KioskAvailability | undefined>();
  const [message, setMessage] = useState<string | undefined>();

  const refresh = useCallback(async () => {
    const [q, k] = await Promise.all([client.call('Queue.Status', {}), client.call('Kiosk.Status', {})]);
    if (q.ok) setQueue(q.value);
    if (k.ok) setAvailability(k.value.availability);
  }, [client]);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 3000);
    return () => clearInterval(timer);
  }, [refresh]);

  const act = async (name: 'Printing.TestPage' | 'Queue.Flush' | 'Technician.JournalVerify') => {
    const r = await client.call(name, {});
    setMessage(r.ok ? t('done', { result: summarize(r.value) }) : t('failed', { reason: errorSentence(name, r.error) }));
    void refresh();
  };
  const saveBundle = async () => {
    const r = await client.call('Technician.SaveBundle', {});
    if (!r.ok) {
      setMessage(t('failed', { reason: errorSentence('Technician.SaveBundle', r.error) }));
      return;
    }
    const usb = r.value.usbPath ? t('bundleUsb', { path: r.value.usbPath }) : r.value.usbError ? t('bundleUsbFailed', { reason: r.value.usbError }) : '';
    setMessage([t('bundleSaved', { path: r.value.path }), usb].filter(Boolean).join('；'));
  };
  const uploadBundle = async () => {
    const r = await client.call('Technician.UploadBundle', {});
    setMessage(!r.ok ? t('failed', { reason: errorSentence('Technician.UploadBundle', r.error) }) : r.value.outcome === 'done' ? t('uploaded', { id: r.value.uploadId }) : t('uploadFailed', { reason: r.value.detail }));
  };

  return (
    <section className="card" data-testid="diag-queue">
      <h2>{t('queue')}</h2>
      {queue && (
        <dl className="diag-facts">
          {availability && (
            <>
              <dt>{t('availability.label')}</dt>
              <dd data-testid="diag-availability" className={availability.state === 'open' ? 'diag-ok' : 'diag-bad'}>
                {t(`availability.${availability.state}`)}
                {availability.state === 'maintenance' && availability.reason ? `：${i18n.language.startsWith('zh') ? availability.reason.zh : availability.reason.en}` : ''}
              </dd>
            </>
          )}
          <dt>{t('platform')}</dt>
          <dd className={queue.platformOnline ? 'diag-ok' : 'diag-bad'}>{queue.platformOnline ? t('online') : t('offline')}</dd>
          <dt>{t('pendingLabel')}</dt>
          <dd>{t('pending', { count: queue.pending })}</dd>
          <dt>{t('deadLetterLabel')}</dt>
          <dd>{t('deadLetter', { count: queue.deadLetter })}</dd>
          <dt>{t('lastSync')}</dt>
          <dd>{queue.lastSyncAt ? shanghaiTime(queue.lastSyncAt) : '—'}</dd>
          {queue.nextAttemptAt && (
            <>
              <dt>{t('nextAttempt')}</dt>
              <dd>{shanghaiTime(queue.nextAttemptAt)}</dd>
            </>
          )}
        </dl>
      )}
      {message && (
        <p className="notice notice--ok" role="status" data-testid="diag-message">
          {message}
        </p>
      )}
      <div className="diag-actions">
        <button type="button" className="button" data-testid="diag-test-page" onClick={() => void act('Printing.TestPage')}>
          {t('testPage')}
        </button>
        <button type="button" className="button" data-testid="diag-flush" onClick={() => void act('Queue.Flush')}>
          {t('flush')}
        </button>
        <button type="button" className="button" data-testid="diag-journal-verify" onClick={() => void act('Technician.JournalVerify')}>
          {t('journalVerify')}
        </button>
        <button type="button" className="button" data-testid="diag-bundle" onClick={() => void saveBundle()}>
          {t('bundle')}
        </button>
        <button type="button" className="button" data-testid="diag-bundle-upload" onClick={() => void uploadBundle()}>
          {t('upload')}
        </button>
      </div>
    </section>
  );
}
