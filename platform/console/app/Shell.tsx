// The console's frame: a header with the account and the language switch, the navigation built
// from the page registry (only pages the role may open), and the routed page.
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Switch, useLocation } from 'wouter';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { CONSOLE_PAGES } from './pages';
import { useSession } from './session';

export function Shell({ onSwitchLanguage }: { readonly onSwitchLanguage: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const [location] = useLocation();
  const pages = CONSOLE_PAGES.filter((p) => session.can(p.permission));
  const { username, role } = session.info.account;
  const current = (path: string) => (path === '/' ? location === '/' : location === path || location.startsWith(`${path}/`));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('skipToMain')}
      </a>
      <header className="topbar">
        <span className="brand">{t('appName')}</span>
        <span className="account" data-testid="signed-in-as">
          {t('signedInAs', { username, role: t(`role.${role}`) })}
        </span>
        <LanguageSwitch onSwitch={onSwitchLanguage} />
        <button type="button" className="link-button" onClick={() => void session.signOut()} data-testid="sign-out">
          {t('signOut')}
        </button>
      </header>
      <nav className="sidenav" aria-label={t('nav.label')}>
        <ul>
          {pages
            .filter((p) => p.inNavigation)
            .map((p) => (
              <li key={p.id}>
                <Link href={p.path} aria-current={current(p.path) ? 'page' : undefined} data-testid={`nav-${p.id}`}>
                  {t('title', { ns: p.namespace })}
                </Link>
              </li>
            ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <Suspense fallback={<p>{t('loading')}</p>}>
          <Switch>
            {pages.map((p) => (
              <Route key={p.id} path={p.path} component={p.component} />
            ))}
            <Route>
              <p role="alert">{t('errors.notFound')}</p>
            </Route>
          </Switch>
        </Suspense>
      </main>
    </div>
  );
}
