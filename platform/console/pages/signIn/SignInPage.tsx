// Signing in: user name and password, the refusal as a sentence (wrong credentials, locked until
// a time, too many attempts), and a note when a session ran out while in use.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { signIn, type SessionInfo } from '../../../api/session';
import { call } from '../../api/client';
import { ErrorNotice } from '../../components/ErrorNotice';
import { LanguageSwitch } from '../../components/LanguageSwitch';

export default function SignInPage({ ended, onSignedIn, onSwitchLanguage }: { readonly ended: boolean; readonly onSignedIn: (info: SessionInfo) => void; readonly onSwitchLanguage: () => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const info = await call(signIn, { body: { username: username.trim(), password } });
      setPassword('');
      onSignedIn(info);
    } catch (e) {
      setError(e);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sign-in-page">
      <main className="sign-in" id="main">
        <div className="sign-in-top">
          <LanguageSwitch onSwitch={onSwitchLanguage} />
        </div>
        <h1>{t('appName')}</h1>
        <p className="subtitle">{t('signIn.intro')}</p>
        {ended && (
          <p className="notice" role="status" data-testid="session-ended">
            {t('errors.unauthorized')}
          </p>
        )}
        <form onSubmit={(e) => void submit(e)} className="stack" aria-describedby={error ? 'sign-in-error' : undefined}>
          <div className="field">
            <label htmlFor="username">{t('signIn.username')}</label>
            <input id="username" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required value={username} onChange={(e) => setUsername(e.target.value)} data-testid="username" />
          </div>
          <div className="field">
            <label htmlFor="password">{t('signIn.password')}</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} data-testid="password" />
          </div>
          <span id="sign-in-error">
            <ErrorNotice error={error} testId="sign-in-error" />
          </span>
          <button type="submit" className="primary" disabled={busy} data-testid="sign-in">
            {busy ? t('signIn.signingIn') : t('signIn.submit')}
          </button>
        </form>
        <p className="hint">{t('signIn.help')}</p>
      </main>
    </div>
  );
}
