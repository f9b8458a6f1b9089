// The console app: loads the session (or shows the sign-in page), then the frame with the pages
// the account's permissions allow. Providers: i18n, TanStack Query, the router under /console.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { Router } from 'wouter';
import { currentSession, signOut as signOutEndpoint, type SessionInfo } from '../../api/session';
import { ApiError, call, onSessionEnded, setCsrfToken } from '../api/client';
import { createConsoleI18n, storedLanguage, storeLanguage, type ConsoleLanguage } from '../i18n';
import SignInPage from '../pages/signIn/SignInPage';
import { pageNamespaces } from './pages';
import { SessionContext, type ConsoleSession } from './session';
import { Shell } from './Shell';

/** Where the session stands. */
type SessionState =
  // asking the platform whether the cookie still holds a session
  | { readonly kind: 'loading' }
  // no session: the sign-in page (`ended`: a session ran out while in use)
  | { readonly kind: 'signedOut'; readonly ended: boolean }
  // signed in
  | { readonly kind: 'signedIn'; readonly info: SessionInfo };

function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Only a lost connection is worth retrying; a refusal will be refused again.
      queries: { retry: (count, error) => error instanceof ApiError && error.code === 'network' && count < 3, refetchOnWindowFocus: true, staleTime: 5_000 },
    },
  });
}

export function App() {
  const [language, setLanguage] = useState<ConsoleLanguage>(storedLanguage);
  const i18n = useMemo(() => createConsoleI18n(language, pageNamespaces()), [language]);
  const [queryClient, setQueryClient] = useState(newQueryClient);
  const [state, setState] = useState<SessionState>({ kind: 'loading' });

  const signedIn = useCallback((info: SessionInfo) => {
    setCsrfToken(info.csrfToken);
    setState({ kind: 'signedIn', info });
  }, []);

  useEffect(() => {
    onSessionEnded(() => {
      setCsrfToken(null);
      setState((s) => (s.kind === 'signedIn' ? { kind: 'signedOut', ended: true } : s));
    });
    call(currentSession, {}).then(signedIn, () => setState({ kind: 'signedOut', ended: false }));
  }, [signedIn]);

  const session = useMemo<ConsoleSession | null>(() => {
    if (state.kind !== 'signedIn') return null;
    return {
      info: state.info,
      can: (permission) => state.info.account.permissions.includes(permission),
      signOut: async () => {
        await call(signOutEndpoint, {}).catch(() => undefined);
        setCsrfToken(null);
        // Nothing read under this session is kept for the next one.
        setQueryClient(newQueryClient());
        setState({ kind: 'signedOut', ended: false });
      },
    };
  }, [state]);

  const switchLanguage = useCallback(() => {
    const next: ConsoleLanguage = language === 'en' ? 'zh-CN' : 'en';
    storeLanguage(next);
    setLanguage(next);
  }, [language]);

  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <Router base="/console">
          {state.kind === 'loading' && <p className="boot">{i18n.t('loading')}</p>}
          {state.kind === 'signedOut' && <SignInPage ended={state.ended} onSignedIn={signedIn} onSwitchLanguage={switchLanguage} />}
          {session && (
            <SessionContext.Provider value={session}>
              <Shell onSwitchLanguage={switchLanguage} />
            </SessionContext.Provider>
          )}
        </Router>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
