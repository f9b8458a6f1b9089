// The devices API adapter: Devices.*, IdCard.WaitForCard, Scanner.Scans and the demo-only
// Simulator.* methods over the device manager. A read card goes to the session that asked, its
// values are registered with the log redactor, and it is wiped when the session ends.
import { apiError, type ApiError } from '../../../src-common/api/envelope';
import type { DeviceListEntry, IdCardData } from '../../../src-common/api/devices';
import type { DeviceStatus } from '../../../src-common/domain/device';
import { err, ok, type Result } from '../../../src-common/result';
import { classifyScan } from '../../../drivers/scanner/scanClassifier';
import { describeIdCardError, type IdCardError } from '../../../drivers/idcard/SamIdCardReader';
import { ID_CARD_FIXTURES } from '../../../drivers/idcard/idCardFixtures';
import type { CoreContext } from '../CoreContext';
import type { DeviceManager } from './DeviceManager';
import { sensitiveValues, toIdCardData } from './idCardData';
import { SESSION_ID_CARD_KEY } from '../session/sessionIdCard';
import { fieldsToRead, IdCardField, withOnlyFields } from '../../../src-common/privacy/idCardFields';

/** What the renderer sees instead of a scanned payment code. */
export const PAYMENT_CODE_PLACEHOLDER = '[payment code]';

type WaitForCardError = 'readerUnavailable' | 'noCard' | 'cardUnreadable' | 'readerFault' | 'canceled';

export function registerDevicesApi(ctx: CoreContext, manager: DeviceManager): void {
  registerDeviceStatusApi(ctx);
  registerIdCardApi(ctx, manager);
  registerScannerApi(ctx, manager);
  registerSimulatorApi(ctx, manager);
  ctx.sessions.onWipe((session) => session.data.delete(SESSION_ID_CARD_KEY));
}

function registerDeviceStatusApi(ctx: CoreContext): void {
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
    return status ? ok({ devices: [status] }) : err(apiError('invalidData', 'unknownDevice', `no device ${input.deviceId}`));
  });
}

/** The reader's failure as the method's error code; the description keeps the protocol detail for the log. */
function waitForCardError(error: IdCardError): WaitForCardError {
  switch (error.kind) {
    case 'canceled':
      return 'canceled';
    case 'timeOut':
      return 'noCard';
    case 'linkClosed':
      return 'readerUnavailable';
    case 'samResult':
      return error.result.completionCode === 'userError' ? 'cardUnreadable' : 'readerFault';
    case 'noReply':
    case 'badChecksum':
    case 'badReply':
      return 'readerFault';
  }
}

function registerIdCardApi(ctx: CoreContext, manager: DeviceManager): void {
  ctx.router.register('IdCard.WaitForCard', async (input, call) => {
    const session = ctx.sessions.active;
    if (!session) return err(apiError('sequenceError', 'noSession', 'IdCard.WaitForCard needs an active citizen session'));
    const found = manager.idCardReader(input.deviceId);
    if (!found.ok) return err(apiError('unsupportedCommand', 'readerNotConfigured', found.error));
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
      if (!read.ok) return err<ApiError>(readFailure(read.error));
      const full = toIdCardData(read.value);
      for (const value of sensitiveValues(full)) ctx.log.redactor.registerSensitive(value);
      // Only what the service uses is kept for the session's later steps (PIPL minimum necessary).
      const card = input.fields ? withOnlyFields(full, input.fields) : full;
      session.data.set(SESSION_ID_CARD_KEY, { card, photo: read.value.photo, fields: input.fields ? fieldsToRead(input.fields) : IdCardField.options });
      return ok(card);
    });
    // The supervisor refuses with its own description (offline, leased) and no method error code.
    if (!result.ok) return err(apiError(result.error.code, isWaitForCardError(result.error.errorCode) ? result.error.errorCode : 'readerUnavailable', result.error.description));
    if (ctx.sessions.active !== session) return err(apiError('canceled', 'noSession', 'the session ended while the card was read'));
    call.emit('read', { card: result.value });
    return ok({ card: result.value });
  });
}

function readFailure(error: IdCardError): ApiError<WaitForCardError> {
  const described = describeIdCardError(error);
  return apiError(described.code, waitForCardError(error), described.en);
}

function isWaitForCardError(code: string | undefined): code is WaitForCardError {
  return code === 'readerUnavailable' || code === 'noCard' || code === 'cardUnreadable' || code === 'readerFault' || code === 'canceled';
}

function registerScannerApi(ctx: CoreContext, manager: DeviceManager): void {
  ctx.router.register('Scanner.Scans', async (input, call) => {
    const session = ctx.sessions.active;
    if (!session) return err(apiError('sequenceError', 'noSession', 'Scanner.Scans needs an active citizen session'));
    const found = manager.scanner(input.deviceId);
    if (!found.ok) return err(apiError('unsupportedCommand', 'scannerNotConfigured', found.error));
    const { scans, config } = found.value;
    let count = 0;
    const signal = AbortSignal.any([call.signal, session.abort.signal]);
    const subscription = scans((text) => {
      count++;
      const c = classifyScan(text);
      // A citizen's payment code is a bearer credential: it goes to the QR payment service in
      // the core (Qr.PayByPaymentCode) and never to the renderer.
      const shown = c.isPaymentCode ? PAYMENT_CODE_PLACEHOLDER : text;
      call.emit('scan', { deviceId: config.id, text: shown, kind: c.kind, isPaymentCode: c.isPaymentCode, ...(c.caseNumber ? { caseNumber: c.caseNumber } : {}), scannedAt: new Date().toISOString() });
    });
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    subscription.dispose();
    return err(apiError('canceled', 'ended', `Scanner.Scans ended after ${count} scan(s)`));
  });
}

function registerSimulatorApi(ctx: CoreContext, manager: DeviceManager): void {
  const inProduction = () => ctx.config.mode === 'production';
  const productionRefusal = () => err(apiError('unsupportedCommand', 'productionMode', 'simulators are not available in production mode'));
  const notSimulated = (found: Result<{ readonly config: { readonly id: string } }, string>) =>
    err(apiError('unsupportedCommand', 'notSimulated', found.ok ? `${found.value.config.id} is not simulated` : found.error));
  ctx.router.register('Simulator.InsertCard', async (input) => {
    if (inProduction()) return productionRefusal();
    const found = manager.idCardReader(input.deviceId);
    if (!found.ok || !found.value.simulator) return notSimulated(found);
    if (!found.value.simulator.insertCard(input.fixture)) return err(apiError('invalidData', 'unknownFixture', `unknown fixture ${input.fixture}; known: ${ID_CARD_FIXTURES.map((f) => f.id).join(', ')}`));
    return ok({ deviceId: found.value.config.id, fixture: input.fixture });
  });
  ctx.router.register('Simulator.RemoveCard', async (input) => {
    if (inProduction()) return productionRefusal();
    const found = manager.idCardReader(input.deviceId);
    if (!found.ok || !found.value.simulator) return notSimulated(found);
    found.value.simulator.removeCard();
    return ok({ deviceId: found.value.config.id });
  });
  ctx.router.register('Simulator.Scan', async (input) => {
    if (inProduction()) return productionRefusal();
    const found = manager.scanner(input.deviceId);
    if (!found.ok || !found.value.simulator) return notSimulated(found);
    return ok({ deviceId: found.value.config.id, delivered: await found.value.simulator.scan(input.text) });
  });
  ctx.router.register('Simulator.IdCardFixtures', async () => {
    if (inProduction()) return productionRefusal();
    return ok({ fixtures: ID_CARD_FIXTURES.map((f) => ({ id: f.id, label: f.label })) });
  });
}
