// Renderer entry: fonts and styles, the connection to the core, then the app shell.
import '@fontsource/noto-sans-sc/chinese-simplified-400.css';
import '@fontsource/noto-sans-sc/chinese-simplified-700.css';
import '@fontsource/noto-sans-sc/latin-400.css';
import '@fontsource/noto-sans-sc/latin-700.css';
import './styles/app.css';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { createRendererClient, obtainConnectionInfo } from './api/connect';
import { createI18n } from './i18n';
import { NoConnectionInfo } from './screens/Overlays';
import { SetupScreen, setupRequestFrom } from './screens/SetupScreen';
import { I18nextProvider } from 'react-i18next';

performance.mark('budayang:boot');
const root = createRoot(document.getElementById('root')!);

async function connectAndRender(): Promise<void> {
  const info = await obtainConnectionInfo();
  if (!info) {
    root.render(
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <NoConnectionInfo />
      </I18nextProvider>,
    );
    return;
  }
  const client = createRendererClient(info);
  root.render(<App client={client} reload={() => window.location.reload()} />);
}

// A packaged kiosk without a site config shows the technician's setup screen: no core to connect to.
const setup = setupRequestFrom(window.location.hash);
if (setup) {
  root.render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <SetupScreen request={setup} />
    </I18nextProvider>,
  );
} else {
  void connectAndRender();
}
