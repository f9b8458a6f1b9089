// The technician's setup screen: a packaged kiosk whose site config is missing or unusable shows
// what to install and where, in Chinese and English at once. The shell puts the problem code and
// the site config's path in the address fragment; nothing else (no token, no secret) reaches it.
import { useTranslation } from 'react-i18next';

/** The problem codes the shell may send (src-main/shell/siteConfig.ts, `SetupProblem`). */
const PROBLEMS = ['siteConfigMissing', 'siteConfigInvalid', 'profileUnreadable', 'profileNotProduction'] as const;
export type SetupProblemCode = (typeof PROBLEMS)[number];

export interface SetupRequest {
  readonly problem: SetupProblemCode;
  readonly siteConfigPath: string;
}

/** The setup request in this page's fragment (`#setup=…&site=…`), if any. */
export function setupRequestFrom(hash: string): SetupRequest | undefined {
  const fragment = new URLSearchParams(hash.replace(/^#/, ''));
  const problem = fragment.get('setup');
  const site = fragment.get('site');
  if (!problem || !site || !(PROBLEMS as readonly string[]).includes(problem)) return undefined;
  return { problem: problem as SetupProblemCode, siteConfigPath: site.slice(0, 300) };
}

/** An example site config for the path's operating system. */
function exampleFor(siteConfigPath: string): { readonly profile: string; readonly text: string } {
  const windows = siteConfigPath.includes('\\');
  const folder = siteConfigPath.slice(0, Math.max(siteConfigPath.lastIndexOf(windows ? '\\' : '/'), 0));
  const profile = `${folder}${windows ? '\\' : '/'}kiosk-profile.json`;
  const dataDir = windows ? 'C:\\ProgramData\\Budayang\\data' : '/var/lib/budayang';
  return { profile, text: JSON.stringify({ profile: 'kiosk-profile.json', dataDir }, null, 2) };
}

function SetupSteps({ language, request }: { readonly language: 'zh-CN' | 'en'; readonly request: SetupRequest }) {
  const { t } = useTranslation('setup', { lng: language });
  const example = exampleFor(request.siteConfigPath);
  return (
    <section className="setup__language" lang={language === 'zh-CN' ? 'zh-CN' : 'en'}>
      <h1>{t('title')}</h1>
      <p className="setup__problem" data-testid={`setup-problem-${language}`}>
        {t(`problem.${request.problem}`)}
      </p>
      <p>{t('intro')}</p>
      <ol className="setup__steps">
        <li>{t('steps.profile', { profile: example.profile })}</li>
        <li>
          {t('steps.site')}
          <code className="setup__path" data-testid="setup-site-path">
            {request.siteConfigPath}
          </code>
          <pre className="setup__example">{example.text}</pre>
          {t('steps.data')}
        </li>
        <li>{t('steps.wait')}</li>
      </ol>
      <p className="setup__more">{t('more')}</p>
    </section>
  );
}

export function SetupScreen({ request }: { readonly request: SetupRequest }) {
  return (
    <main className="setup" data-testid="setup-screen">
      <SetupSteps language="zh-CN" request={request} />
      <SetupSteps language="en" request={request} />
    </main>
  );
}
