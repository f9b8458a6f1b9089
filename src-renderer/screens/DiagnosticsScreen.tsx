// The technician's diagnostics screen: the account chooser (display names) and PIN entry on the
// digit pad, then tabs — devices with their causes, self-tests and maintenance leases, the outbox
// and platform (DiagnosticsDevices, DiagnosticsQueue), network and dead letters
// (DiagnosticsOutbox), the certificate printer's calibration (DiagnosticsCalibration), 清机
// (DiagnosticsCash) and the log. Leaving reloads the renderer clean, like the end of a citizen session.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../app/KioskContext';
import { OnScreenKeyboard } from '../components/keyboard/OnScreenKeyboard';
import { useErrorSentence } from '../i18n/useErrorSentence';
import DiagnosticsCalibration from './DiagnosticsCalibration';
import DiagnosticsCash from './DiagnosticsCash';
import DiagnosticsDevices from './DiagnosticsDevices';
import DiagnosticsLogs from './DiagnosticsLogs';
import DiagnosticsOutbox from './DiagnosticsOutbox';
import DiagnosticsQueue from './DiagnosticsQueue';

/** The screen's tabs: devices with self-tests and the outbox; network and dead letters; calibration; 清机; the log viewer. */
const TABS = ['overview', 'outbox', 'calibration', 'cash', 'logs'] as const;
type Tab = (typeof TABS)[number];

export default function DiagnosticsScreen(props: { readonly onLeave: () => void }) {
  const { t } = useTranslation('diagnostics');
  const errorSentence = useErrorSentence();
  const { client } = useKiosk();
  const [pin, setPin] = useState('');
  const [entered, setEntered] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [tab, setTab] = useState<Tab>('overview');

  const [accounts, setAccounts] = useState<ReadonlyArray<{ readonly id: string; readonly name: string }>>([]);
  const [account, setAccount] = useState<string | undefined>();
  useEffect(() => {
    // Names from signed config; a core without them (older) still offers its ids.
    void client.call('Diagnostics.State', {}).then((r) => r.ok && setAccounts(r.value.accountNames ?? (r.value.accounts ?? []).map((id) => ({ id, name: id }))));
  }, [client]);

  const enter = async () => {
    const r = await client.call('Diagnostics.Enter', { pin, ...(account ? { technicianId: account } : {}) });
    setPin('');
    if (r.ok) {
      setEntered(true);
      setError(undefined);
    } else setError(errorSentence('Diagnostics.Enter', r.error));
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
          {accounts.length > 0 && (
            <div className="diag-accounts" role="radiogroup" aria-label={t('account')}>
              {[undefined, ...accounts].map((a) => (
                <button key={a?.id ?? 'site'} type="button" role="radio" aria-checked={account === a?.id} className={`diag-tab${account === a?.id ? ' diag-tab--active' : ''}`} data-testid={`diagnostics-account-${a?.id ?? 'site'}`} onClick={() => setAccount(a?.id)}>
                  {a?.name ?? t('sitePin')}
                </button>
              ))}
            </div>
          )}
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
      <nav className="diag-tabs" role="tablist" aria-label={t('title')}>
        {TABS.map((name) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} className={`diag-tab${tab === name ? ' diag-tab--active' : ''}`} data-testid={`diag-tab-${name}`} onClick={() => setTab(name)}>
            {t(`tab.${name}`)}
          </button>
        ))}
      </nav>
      {tab === 'overview' && (
        <>
          <DiagnosticsDevices />
          <DiagnosticsQueue />
        </>
      )}
      {tab === 'outbox' && <DiagnosticsOutbox />}
      {tab === 'calibration' && <DiagnosticsCalibration />}
      {tab === 'cash' && <DiagnosticsCash />}
      {tab === 'logs' && <DiagnosticsLogs />}
      <div className="diagnostics__actions">
        <button type="button" className="button button--danger" data-testid="diag-exit" onClick={() => void leave()}>
          {t('exit')}
        </button>
      </div>
    </main>
  );
}
