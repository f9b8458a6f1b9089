// Admin accounts (publishers): the list with role, state, lock and last sign-in; per account a
// role change, disable/enable, unlock and password reset; a form to create an account.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createAccount, listAccounts, updateAccount, type AdminAccount } from '../../../api/accounts';
import { AdminRole } from '../../../api/roles';
import { useEndpoint, useEndpointMutation } from '../../api/hooks';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { Pager, useCursorPages } from '../../components/Pager';
import { TimeText } from '../../components/TimeText';
import { formatTime } from '../../i18n';

const PAGE_SIZE = 100;

function AccountActions({ account, onDone }: { readonly account: AdminAccount; readonly onDone: (message: string) => void }) {
  const { t } = useTranslation('accounts');
  const [role, setRole] = useState(account.role);
  const [password, setPassword] = useState<string | null>(null);
  const update = useEndpointMutation(updateAccount, ['accounts.list']);
  const change = (body: Parameters<typeof update.mutate>[0]['body']) => update.mutate({ params: { username: account.username }, body }, { onSuccess: () => { setPassword(null); onDone(t('updated', { username: account.username })); } });
  const id = `role-${account.username}`;
  return (
    <div className="row-actions">
      <label className="visually-hidden" htmlFor={id}>
        {t('changeRole', { username: account.username })}
      </label>
      <select id={id} value={role} onChange={(e) => setRole(e.target.value as AdminAccount['role'])} data-testid={id}>
        {AdminRole.options.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`, { ns: 'common' })}
          </option>
        ))}
      </select>
      <button type="button" disabled={role === account.role || update.isPending} onClick={() => change({ role })} data-testid={`save-role-${account.username}`}>
        {t('saveRole')}
      </button>
      <button type="button" onClick={() => change({ disabled: !account.disabled })} data-testid={`toggle-${account.username}`}>
        {account.disabled ? t('enable') : t('disable')}
      </button>
      {account.lockedUntil && (
        <button type="button" onClick={() => change({ unlock: true })} data-testid={`unlock-${account.username}`}>
          {t('unlock')}
        </button>
      )}
      {password === null ? (
        <button type="button" onClick={() => setPassword('')}>
          {t('resetPassword')}
        </button>
      ) : (
        <form
          className="inline-form"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            change({ password });
          }}
        >
          <label className="visually-hidden" htmlFor={`password-${account.username}`}>
            {t('newPasswordFor', { username: account.username })}
          </label>
          <input id={`password-${account.username}`} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          <button type="submit" className="primary">
            {t('setPassword')}
          </button>
          <button type="button" onClick={() => setPassword(null)}>
            {t('cancel')}
          </button>
        </form>
      )}
      <ErrorNotice error={update.error} testId={`error-${account.username}`} />
    </div>
  );
}

function CreateAccountForm({ onDone }: { readonly onDone: (message: string) => void }) {
  const { t } = useTranslation('accounts');
  const [draft, setDraft] = useState({ username: '', role: 'viewer' as AdminAccount['role'], password: '' });
  const create = useEndpointMutation(createAccount, ['accounts.list']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ body: { ...draft, username: draft.username.trim() } }, { onSuccess: (account) => { setDraft({ username: '', role: 'viewer', password: '' }); onDone(t('created', { username: account.username })); } });
  };
  return (
    <form className="create-account" onSubmit={submit} aria-labelledby="create-account" data-testid="create-account">
      <h2 id="create-account">{t('create')}</h2>
      <div className="field">
        <label htmlFor="new-username">{t('username')}</label>
        <input id="new-username" autoComplete="off" autoCapitalize="none" spellCheck={false} required value={draft.username} onChange={(e) => setDraft((d) => ({ ...d, username: e.target.value }))} aria-describedby="new-username-hint" data-testid="new-username" />
        <small id="new-username-hint" className="hint">{t('usernameHint')}</small>
      </div>
      <div className="field">
        <label htmlFor="new-role">{t('role')}</label>
        <select id="new-role" value={draft.role} onChange={(e) => setDraft((d) => ({ ...d, role: e.target.value as AdminAccount['role'] }))} data-testid="new-role">
          {AdminRole.options.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`, { ns: 'common' })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="new-password">{t('initialPassword')}</label>
        <input id="new-password" type="password" autoComplete="new-password" required value={draft.password} onChange={(e) => setDraft((d) => ({ ...d, password: e.target.value }))} aria-describedby="new-password-hint" data-testid="new-password" />
        <small id="new-password-hint" className="hint">{t('passwordHint')}</small>
      </div>
      <ErrorNotice error={create.error} testId="create-error" />
      <button type="submit" className="primary" disabled={create.isPending} data-testid="create-submit">
        {t('createSubmit')}
      </button>
    </form>
  );
}

export default function AccountsPage() {
  const { t, i18n } = useTranslation('accounts');
  const pages = useCursorPages<string>();
  const accounts = useEndpoint(listAccounts, { query: { limit: PAGE_SIZE, ...(pages.cursor ? { after: pages.cursor } : {}) } });
  const [message, setMessage] = useState<string | null>(null);
  const columns: Column<AdminAccount>[] = [
    { key: 'username', header: t('username'), cell: (a) => <strong>{a.username}</strong> },
    { key: 'role', header: t('role'), cell: (a) => t(`role.${a.role}`, { ns: 'common' }) },
    { key: 'state', header: t('state'), cell: (a) => (a.disabled ? <span className="warn">{t('disabled')}</span> : a.lockedUntil ? <span className="warn">{t('lockedUntil', { time: formatTime(a.lockedUntil, i18n.language) })}</span> : t('enabled')) },
    { key: 'lastSignIn', header: t('lastSignIn'), cell: (a) => <TimeText iso={a.lastSignInAt} /> },
    { key: 'createdBy', header: t('createdBy'), cell: (a) => a.createdBy },
    { key: 'actions', header: t('actions'), cell: (a) => <AccountActions key={`${a.username}-${a.role}-${a.disabled}-${a.lockedUntil ?? ''}`} account={a} onDone={setMessage} /> },
  ];
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      {message && (
        <p className="notice" role="status" data-testid="accounts-message">
          {message}
        </p>
      )}
      <ErrorNotice error={accounts.error} />
      <DataTable caption={t('caption')} columns={columns} rows={accounts.data?.accounts ?? []} rowKey={(a) => a.username} empty={accounts.isPending ? t('loading', { ns: 'common' }) : t('empty')} testId="accounts-table" />
      <Pager page={pages.page} hasNext={(accounts.data?.accounts.length ?? 0) === PAGE_SIZE} onPrevious={pages.previous} onNext={() => accounts.data?.nextAfter && pages.next(accounts.data.nextAfter)} />
      <section className="panel">
        <CreateAccountForm onDone={setMessage} />
      </section>
    </>
  );
}
