// What the renderer is told about the screen (Kiosk.Status `ui`): names, language, and every wait
// it uses, taken from the kiosk config so a site tunes them without a renderer build.
import type { KioskConfig } from '../../../kiosk-config/schema';
import type { UiSettings } from '../../../src-common/api/kiosk';
import { siteKindOf } from '../../../src-common/wire/fleetAdmin';

export function uiSettingsFromConfig(config: KioskConfig): UiSettings {
  const ui = config.ui;
  return {
    hallName: config.kiosk.hallName,
    defaultLanguage: ui.defaultLanguage,
    idleWarningSeconds: ui.idleWarningSeconds,
    idleCountdownSeconds: ui.idleCountdownSeconds,
    elderlyTimeoutFactor: ui.elderlyTimeoutFactor,
    attractAfterSeconds: ui.attractAfterSeconds,
    ...(ui.announcement ? { announcement: ui.announcement } : {}),
    elderlyModeDefault: ui.elderlyModeDefault,
    developerPanel: config.mode === 'demo',
    cardWaitSeconds: ui.cardWaitSeconds,
    qrDisplayedSeconds: ui.qrDisplayedSeconds,
    paymentCodeSeconds: ui.paymentCodeSeconds,
    cashTimeoutSeconds: config.cash.timeoutSeconds,
    acknowledgementWaitSeconds: ui.acknowledgementWaitSeconds,
    stepInputGuardMs: ui.stepInputGuardMs,
    removeCardReminderSeconds: ui.removeCardReminderSeconds,
    cashNotesYuan: [...config.cash.acceptYuan].sort((a, b) => a - b),
    regionalWords: ui.regionalWords,
    help: {
      siteKind: siteKindOf(config.kiosk.level),
      ...(config.help.localNumber ? { localNumber: config.help.localNumber } : {}),
      ...(config.help.remoteHelpUrl ? { remoteHelpUrl: config.help.remoteHelpUrl } : {}),
    },
  };
}
