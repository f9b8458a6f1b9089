// The devices domain of the core: starts the device manager (first of all modules), and serves
// Devices.*, IdCard.WaitForCard, Scanner.Scans and the demo-only Simulator.* methods. A read
// card goes to the session that asked, its values are registered with the log redactor, and it
// is wiped when the session ends.
import { apiError, type ApiError } from '../../../src-common/api/envelope';
import type { DeviceListEntry, IdCardData } from '../../../src-common/api/devices';
import type { DeviceStatus } from '../../../src-common/domain/device';
import { err, ok, type Result } from '../../../src-common/result';
import { classifyScan } from '../../../drivers/scanner/scanClassifier';
import { describeIdCardError } from '../../../drivers/idcard/SamIdCardReader';
import { ID_CARD_FIXTURES } from '../../../drivers/idcard/idCardFixtures';
import type { CoreContext, CoreModule } from '../CoreContext';
import { DeviceManager } from './DeviceManager';
import { sensitiveValues, toIdCardData } from './idCardData';
import { fieldsToRead, IdCardField, withOnlyFields } from '../../../src-common/privacy/idCardFields';

/** What the renderer sees instead of a scanned payment code. */
export const PAYMENT_CODE_PLACEHOLDER = '[payment code]';

/** Key of the read card in the session's data map. */
const SESSION_ID_CARD_KEY = 'devices.idCard';

export const devicesModule: CoreModule = {
  name: 'devices',
  start(ctx: CoreContext) {
    const log = ctx.log.child('devices');
    const manager = new DeviceManager({
      config: ctx.config,
      statuses: ctx.deviceStatuses,
      log,
      isCitizenTransactionActive: () => ctx.sessions.active !== undefined,
    });
    ctx.services.devices = manager;
    manager.start();
    ctx.onShutdown(() => manager.stop());
    ctx.sessions.onWipe((session) => {
      session.data.delete(SESSION_ID_CARD_KEY);
      // De-duplicated command results hold the card too.
      for (const d of manager.list()) d.supervisor.forgetCommands();
    });
    registerDeviceApi(ctx);
    registerIdCardApi(ctx, manager);
    registerScannerApi(ctx, manager);
    registerSimulatorApi(ctx, manager);
  },
};

function registerDeviceApi(ctx: CoreContext): void {
  const statusOf = (deviceId: string, deviceClass: DeviceStatus['deviceClass']): DeviceStatus =>
    ctx.deviceStatuses.get(deviceId) ?? { deviceId, deviceClass, state: 'noDevice', detail: { kind: 'none' }, reason: 'not managed by a running module', since: new Date(0).toISOString() };
  ctx.router.register('Devices.List', async () => {
    const devices: DeviceListEntry[] = ctx.config.devices.map((d) => ({
      deviceId: d.id,
      deviceClass: d.class,
      driver: d.driver,
      transport: d.transport.kind,
      enabled: d.enabled,
      status: statusOf(d.id, d.class),
    }));
    return ok({ devices });
  });
  ctx.router.register('Devices.Status', async (input) => {
    if (input.deviceId === undefined) return ok({ devices: ctx.deviceStatuses.list() });
    const status = ctx.deviceStatuses.get(input.deviceId);
    return status ? ok({ devices: [status] }) : err(apiError('invalidData', `no device ${input.deviceId}`));
  });
}

function registerIdCardApi(ctx: CoreContext, manager: DeviceManager): void {
  ctx.router.register('IdCard.WaitForCard', async (input, call) => {
    const session = ctx.sessions.active;
    if (!session) return err(apiError('sequenceError', 'IdCard.WaitForCard needs an active citizen session'));
    const found = manager.idCardReader(input.deviceId);
    if (!found.ok) return err(apiError('unsupportedCommand', found.error));
    const { supervisor } = found.value;
    const signal = AbortSignal.any([call.signal, session.abort.signal]);
    const commandId = input.commandId ? `${session.info.sessionId}:${input.commandId}` : undefined;
    const result = await supervisor.run<IdCardData>({ ...(commandId ? { commandId } : {}) }, async (reader) => {
      const read = await reader.waitForCard({
        signal,
        timeoutMs: input.timeoutSeconds * 1000,
        onProgress: (progress) => {
          if (progress.kind === 'cardPresent') supervisor.setDetail({ kind: 'cardReader', cardPresent: true, samOk: true });
          call.emit(progress.kind, {});
        },
      });
      supervisor.setDetail({ kind: 'cardReader', cardPresent: false, samOk: true });
      if (!read.ok) {
        const described = describeIdCardError(read.error);
        return err<ApiError>({ code: described.code, description: described.en });
      }
      const full = toIdCardData(read.value);
      for (const value of sensitiveValues(full)) ctx.log.redactor.registerSensitive(value);
      // Only what the service uses is kept for the session's later steps (PIPL minimum necessary).
      const card = input.fields ? withOnlyFields(full, input.fields) : full;
      session.data.set(SESSION_ID_CARD_KEY, { card, photo: read.value.photo, fields: input.fields ? fieldsToRead(input.fields) : IdCardField.options });
      return ok(card);
    });
    if (!result.ok) return result;
    if (ctx.sessions.active !== session) return err(apiError('canceled', 'the session ended while the card was read'));
    call.emit('read', { card: result.value });
    return ok({ card: result.value });
  });
}

function registerScannerApi(ctx: CoreContext, manager: DeviceManager): void {
  ctx.router.register('Scanner.Scans', async (input, call) => {
    const session = ctx.sessions.active;
    if (!session) return err(apiError('sequenceError', 'Scanner.Scans needs an active citizen session'));
    const found = manager.scanner(input.deviceId);
    if (!found.ok) return err(apiError('unsupportedCommand', found.error));
    const { scans, config } = found.value;
    let count = 0;
    const signal = AbortSignal.any([call.signal, session.abort.signal]);
    const off = scans.add((text) => {
      count++;
      const c = classifyScan(text);
      // A citizen's payment code is a bearer credential: it goes to the QR payment service in
      // the core (Qr.PayByPaymentCode) and never to the renderer.
      const shown = c.isPaymentCode ? PAYMENT_CODE_PLACEHOLDER : text;
      call.emit('scan', { deviceId: config.id, text: shown, kind: c.kind, isPaymentCode: c.isPaymentCode, ...(c.caseNumber ? { caseNumber: c.caseNumber } : {}), scannedAt: new Date().toISOString() });
    });
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    off();
    return err(apiError('canceled', `Scanner.Scans ended after ${count} scan(s)`));
  });
}

function registerSimulatorApi(ctx: CoreContext, manager: DeviceManager): void {
  const refuse = (): Result<never, ApiError> | undefined =>
    ctx.config.mode === 'production' ? err(apiError('unsupportedCommand', 'simulators are not available in production mode')) : undefined;
  ctx.router.register('Simulator.InsertCard', async (input) => {
    const refused = refuse();
    if (refused) return refused;
    const found = manager.idCardReader(input.deviceId);
    if (!found.ok || !found.value.simulator) return err(apiError('unsupportedCommand', found.ok ? `${found.value.config.id} is not simulated` : found.error));
    if (!found.value.simulator.insertCard(input.fixture)) return err(apiError('invalidData', `unknown fixture ${input.fixture}; known: ${ID_CARD_FIXTURES.map((f) => f.id).join(', ')}`));
    return ok({ deviceId: found.value.config.id, fixture: input.fixture });
  });
  ctx.router.register('Simulator.RemoveCard', async (input) => {
    const refused = refuse();
    if (refused) return refused;
    const found = manager.idCardReader(input.deviceId);
    if (!found.ok || !found.value.simulator) return err(apiError('unsupportedCommand', found.ok ? `${found.value.config.id} is not simulated` : found.error));
    found.value.simulator.removeCard();
    return ok({ deviceId: found.value.config.id });
  });
  ctx.router.register('Simulator.Scan', async (input) => {
    const refused = refuse();
    if (refused) return refused;
    const found = manager.scanner(input.deviceId);
    if (!found.ok || !found.value.simulator) return err(apiError('unsupportedCommand', found.ok ? `${found.value.config.id} is not simulated` : found.error));
    return ok({ deviceId: found.value.config.id, delivered: await found.value.simulator.scan(input.text) });
  });
  ctx.router.register('Simulator.IdCardFixtures', async () => {
    const refused = refuse();
    if (refused) return refused;
    return ok({ fixtures: ID_CARD_FIXTURES.map((f) => ({ id: f.id, label: f.label })) });
  });
}
