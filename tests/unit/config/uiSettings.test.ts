// What the renderer is told (Kiosk.Status `ui`): every wait it uses comes from the kiosk config,
// and the cash hint lists the notes the acceptor is configured to take (issue #15 item 9).
import { describe, expect, it } from 'vitest';
import { KioskConfig } from '../../../kiosk-config/schema';
import { UiSettings } from '../../../src-common/api/kiosk';
import { uiSettingsFromConfig } from '../../../src-main/core/config/uiSettings';

describe('uiSettingsFromConfig', () => {
  it('passes the configured waits, the accepted notes in order, and the regional words', () => {
    const config = KioskConfig.parse({
      mode: 'production',
      ui: { cardWaitSeconds: 45, qrDisplayedSeconds: 90, stepInputGuardMs: 300, regionalWords: ['鄂', '黄石'] },
      cash: { acceptYuan: [100, 10, 50], timeoutSeconds: 240 },
    });
    const ui = UiSettings.parse(uiSettingsFromConfig(config));
    expect(ui).toMatchObject({ cardWaitSeconds: 45, qrDisplayedSeconds: 90, paymentCodeSeconds: 60, cashTimeoutSeconds: 240, stepInputGuardMs: 300, removeCardReminderSeconds: 6, developerPanel: false });
    expect(ui.cashNotesYuan).toEqual([10, 50, 100]);
    expect(ui.regionalWords).toEqual(['鄂', '黄石']);
  });

  it('shows the developer panel only in the demo mode', () => {
    expect(uiSettingsFromConfig(KioskConfig.parse({ mode: 'demo' })).developerPanel).toBe(true);
    expect(uiSettingsFromConfig(KioskConfig.parse({ mode: 'simulated' })).developerPanel).toBe(false);
  });
});

describe('uiSettingsFromConfig: help (#16 item 15)', () => {
  it('a city or county kiosk is a hall; a township or village kiosk shows its numbers and the remote-help link', () => {
    expect(uiSettingsFromConfig(KioskConfig.parse({ kiosk: { level: 'county' } })).help).toEqual({ siteKind: 'hall' });
    const village = KioskConfig.parse({ kiosk: { level: 'village' }, help: { localNumber: '0714-7321234', remoteHelpUrl: 'https://zwfw.example.gov.cn/remote-help' } });
    expect(uiSettingsFromConfig(village).help).toEqual({ siteKind: 'village', localNumber: '0714-7321234', remoteHelpUrl: 'https://zwfw.example.gov.cn/remote-help' });
  });

  it('without a local number only 12345 is offered; a number with letters or a link that is no URL is refused', () => {
    expect(uiSettingsFromConfig(KioskConfig.parse({ kiosk: { level: 'township' } })).help).toEqual({ siteKind: 'village' });
    expect(KioskConfig.safeParse({ help: { localNumber: 'call Wang' } }).success).toBe(false);
    expect(KioskConfig.safeParse({ help: { remoteHelpUrl: 'not a url' } }).success).toBe(false);
  });
});
