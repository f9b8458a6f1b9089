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
