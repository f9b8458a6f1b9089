// `budayang devices list|read-id|scan` and `budayang simulate id-card|scanner`: the technician's
// and the tests' door to ID card readers and scanners — the configured reader through the core
// (running or in-process, docs/technicians.md), or a bare port when no core runs.
// ID numbers, addresses and payment codes are masked unless --show-pii.
import path from 'node:path';
import type { IdCardData, ScanEvent } from '../../../src-common/api/devices';
import { maskIdNumber } from '../../../src-common/privacy/redact';
import { createLogger } from '../../core/logging/createLogger';
import {
  enumerateHardware,
  ID_CARD_BAUD_RATE,
  ID_CARD_FAULTS,
  ID_CARD_FIXTURES,
  readIdCardOnPort,
  runIdCardSimulatorOnPort,
  runScannerSimulatorOnPort,
  watchScansOnPort,
  type IdCardFault,
} from '../../core/devices/directDeviceAccess';
import { intOption, parseCommandArgs } from '../args';
import { println, type CliCommand, type CliContext } from '../command';
import { connectToRunningCore, describeCallError, openTechnicianChannel } from '../controlClient';

/** Default wait for a card: long enough to fetch a card from a wallet. */
const DEFAULT_READ_TIMEOUT_SECONDS = 30;
/** Serial scanners default to 9600 baud (docs/protocols/barcode-scanners.md#serial-scanners); Honeywell's RS-232 set uses 115200. */
const DEFAULT_SCANNER_BAUD_RATE = 9600;

function cliLogger(ctx: CliContext) {
  return createLogger({ logDir: path.join(ctx.dataDir, 'logs') });
}

function usageError(ctx: CliContext, command: string, message: string): number {
  println(ctx.stderr, `budayang ${command}: ${message}`);
  return 2;
}

const CARD_TYPE_NAMES: Readonly<Record<IdCardData['cardType'], string>> = {
  resident: '居民身份证',
  hkMacaoTaiwan: '港澳台居民居住证',
  foreigner: '外国人永久居留身份证',
};

/** Keeps the first 6 characters of an address (province/city) and hides the rest. */
function maskAddress(address: string): string {
  const chars = Array.from(address);
  return chars.length <= 6 ? '*'.repeat(chars.length) : chars.slice(0, 6).join('') + '*'.repeat(chars.length - 6);
}

function maskCard(card: IdCardData): IdCardData {
  return { ...card, idNumber: maskIdNumber(card.idNumber), address: maskAddress(card.address), ...(card.passNumber ? { passNumber: maskIdNumber(card.passNumber) } : {}) };
}

function printCard(ctx: CliContext, card: IdCardData): void {
  const line = (label: string, value: string) => println(ctx.stdout, `${label.padEnd(18)} ${value}`);
  line('证件类型 type', `${CARD_TYPE_NAMES[card.cardType]} (${card.cardType}${card.layout ? ` ${card.layout}` : ''})`);
  line('姓名 name', card.name);
  if (card.englishName) line('英文姓名 English', card.englishName);
  line('性别 sex', card.sex);
  if (card.nation) line('民族 nation', card.nation);
  if (card.nationality) line('国籍 nationality', card.nationality);
  line('出生 birth date', card.birthDate);
  if (card.cardType !== 'foreigner') line('住址 address', card.address);
  line('证件号码 number', card.idNumber);
  line('校验 check', card.checkDigitValid ? `正确 valid (${card.idNumberCheck})` : `错误 INVALID (${card.idNumberCheck}): 号码校验失败`);
  if (card.passNumber) line('通行证 pass no.', `${card.passNumber} (签发次数 ${card.issueCount ?? ''})`);
  line('签发机关 issuer', card.issuer);
  line('有效期限 valid', `${card.validFrom} – ${card.validTo}`);
}

const list: CliCommand = {
  path: ['devices', 'list'],
  summary: 'Enumerates serial ports and HID devices (VID:PID, path), and says what could not be enumerated.',
  usage: '[--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (!parsed.ok) return usageError(ctx, 'devices list', parsed.error);
    const report = await enumerateHardware();
    if (parsed.value.values.json) {
      println(ctx.stdout, JSON.stringify(report));
    } else {
      println(ctx.stdout, `serial ports (${report.serial.length}):`);
      for (const p of report.serial) println(ctx.stdout, `  ${p.path}${p.vendorId ? `  usb ${p.vendorId}:${p.productId}` : ''}${p.manufacturer ? `  ${p.manufacturer}` : ''}`);
      println(ctx.stdout, `HID devices (${report.hid.length}):`);
      for (const d of report.hid) {
        const id = `${d.vendorId.toString(16).padStart(4, '0')}:${d.productId.toString(16).padStart(4, '0')}`;
        println(ctx.stdout, `  ${d.path}  ${id}${d.usagePage !== undefined ? `  usagePage 0x${d.usagePage.toString(16)}` : ''}${d.product ? `  ${d.product}` : ''}`);
      }
      for (const problem of report.problems) println(ctx.stdout, `problem: ${problem}`);
    }
    return report.problems.length > 0 && report.serial.length === 0 && report.hid.length === 0 ? 1 : 0;
  },
};

const readId: CliCommand = {
  path: ['devices', 'read-id'],
  summary: 'Reads one ID card and prints it (ID number and address masked unless --show-pii): on the configured reader through the core (running, or built in-process), or on a port with --port when no core runs.',
  usage: '[--device ID | --port PATH] [--timeout SECONDS] [--profile NAME] [--json] [--show-pii]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { port: { type: 'string' }, device: { type: 'string' }, profile: { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean' }, 'show-pii': { type: 'boolean' } });
    if (!parsed.ok) return usageError(ctx, 'devices read-id', parsed.error);
    const v = parsed.value.values;
    const timeout = intOption(v.timeout, 'timeout', DEFAULT_READ_TIMEOUT_SECONDS);
    if (!timeout.ok || timeout.value < 1) return usageError(ctx, 'devices read-id', timeout.ok ? '--timeout must be at least 1' : timeout.error);
    const show = (card: IdCardData) => {
      const shown = v['show-pii'] ? card : maskCard(card);
      if (v.json) println(ctx.stdout, JSON.stringify(shown));
      else printCard(ctx, shown);
    };
    if (!v.port) {
      // The configured reader belongs to the core: read through it, under a diagnostics lease.
      const channel = await openTechnicianChannel(ctx, v.profile);
      if (!channel.ok) {
        println(ctx.stderr, `budayang devices read-id: ${channel.error}`);
        return 1;
      }
      try {
        const read = await channel.value.call('Technician.ReadIdCard', { ...(v.device ? { deviceId: v.device } : {}), timeoutSeconds: Math.min(timeout.value, 300) }, { signal: ctx.signal });
        if (!read.ok) {
          println(ctx.stderr, `budayang devices read-id: ${describeCallError(read.error)}`);
          return 1;
        }
        show(read.value.card);
        return 0;
      } finally {
        await channel.value.close();
      }
    }
    const running = await connectToRunningCore(ctx.dataDir);
    if (running.ok && running.value) {
      await running.value.close();
      println(ctx.stderr, `budayang devices read-id: a core is running on ${ctx.dataDir} (${running.value.via}) and owns the devices; leave out --port to read through it`);
      return 1;
    }
    const log = cliLogger(ctx);
    const result = await readIdCardOnPort({ path: v.port, baudRate: ID_CARD_BAUD_RATE, timeoutMs: timeout.value * 1000, log, signal: ctx.signal });
    log.flush();
    if (!result.ok) {
      println(ctx.stderr, `budayang devices read-id: ${result.error}`);
      return 1;
    }
    show(result.value);
    return 0;
  },
};

function maskScan(scan: ScanEvent): ScanEvent {
  return scan.isPaymentCode ? { ...scan, text: maskIdNumber(scan.text) } : scan;
}

const scan: CliCommand = {
  path: ['devices', 'scan'],
  summary: 'Prints each scan from a serial scanner with its classification until Ctrl-C (payment codes masked unless --show-pii).',
  usage: '--port PATH [--baud N] [--json] [--show-pii]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { port: { type: 'string' }, baud: { type: 'string' }, json: { type: 'boolean' }, 'show-pii': { type: 'boolean' } });
    if (!parsed.ok) return usageError(ctx, 'devices scan', parsed.error);
    const v = parsed.value.values;
    if (!v.port) return usageError(ctx, 'devices scan', '--port is required');
    const baud = intOption(v.baud, 'baud', DEFAULT_SCANNER_BAUD_RATE);
    if (!baud.ok) return usageError(ctx, 'devices scan', baud.error);
    const result = await watchScansOnPort({
      path: v.port,
      baudRate: baud.value,
      log: cliLogger(ctx),
      signal: ctx.signal,
      onReady: () => println(ctx.stderr, `listening for scans on ${v.port}; Ctrl-C to stop`),
      onScan: (raw) => {
        const s = v['show-pii'] ? raw : maskScan(raw);
        if (v.json) println(ctx.stdout, JSON.stringify(s));
        else println(ctx.stdout, `${s.scannedAt}  ${s.kind.padEnd(13)} ${s.text}${s.caseNumber ? `  (kiosk ${s.caseNumber.kioskCode}, ${s.caseNumber.date}, #${s.caseNumber.sequence})` : ''}`);
      },
    });
    if (!result.ok) {
      println(ctx.stderr, `budayang devices scan: ${result.error}`);
      return 1;
    }
    return 0;
  },
};

const simulateIdCard: CliCommand = {
  path: ['simulate', 'id-card'],
  summary: `Runs the SAM ID card reader simulator on a serial path until SIGTERM. Cards: ${ID_CARD_FIXTURES.map((f) => f.id).join(', ')}. Faults: ${ID_CARD_FAULTS.join(', ')}.`,
  usage: '--port PATH [--card FIXTURE] [--fault NAME]... [--pace-baud N]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { port: { type: 'string' }, card: { type: 'string' }, fault: { type: 'string', multiple: true }, 'pace-baud': { type: 'string' } });
    if (!parsed.ok) return usageError(ctx, 'simulate id-card', parsed.error);
    const v = parsed.value.values;
    if (!v.port) return usageError(ctx, 'simulate id-card', '--port is required');
    const faults = v.fault ?? [];
    const unknown = faults.filter((f) => !(ID_CARD_FAULTS as readonly string[]).includes(f));
    if (unknown.length > 0) return usageError(ctx, 'simulate id-card', `unknown fault ${unknown.join(', ')}; known: ${ID_CARD_FAULTS.join(', ')}`);
    const pace = v['pace-baud'] === undefined ? undefined : intOption(v['pace-baud'], 'pace-baud');
    if (pace && !pace.ok) return usageError(ctx, 'simulate id-card', pace.error);
    const result = await runIdCardSimulatorOnPort({
      path: v.port,
      ...(v.card ? { fixture: v.card } : {}),
      faults: faults as IdCardFault[],
      ...(pace?.ok ? { paceBaudRate: pace.value } : {}),
      log: cliLogger(ctx),
      signal: ctx.signal,
      onReady: () => println(ctx.stdout, `simulating a SAM ID card reader on ${v.port}${v.card ? ` with card ${v.card}` : ' (no card)'}${faults.length ? `, faults: ${faults.join(', ')}` : ''}`),
    });
    if (!result.ok) {
      println(ctx.stderr, `budayang simulate id-card: ${result.error}`);
      return 1;
    }
    return 0;
  },
};

const simulateScanner: CliCommand = {
  path: ['simulate', 'scanner'],
  summary: 'Runs a serial scanner simulator on a path: sends each --send TEXT (CR LF terminated), then waits for SIGTERM.',
  usage: '--port PATH [--send TEXT]... [--baud N]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { port: { type: 'string' }, send: { type: 'string', multiple: true }, baud: { type: 'string' } });
    if (!parsed.ok) return usageError(ctx, 'simulate scanner', parsed.error);
    const v = parsed.value.values;
    if (!v.port) return usageError(ctx, 'simulate scanner', '--port is required');
    const baud = intOption(v.baud, 'baud', DEFAULT_SCANNER_BAUD_RATE);
    if (!baud.ok) return usageError(ctx, 'simulate scanner', baud.error);
    const result = await runScannerSimulatorOnPort({
      path: v.port,
      baudRate: baud.value,
      send: v.send ?? [],
      signal: ctx.signal,
      onSent: (text) => println(ctx.stdout, `sent ${text.length} characters`),
    });
    if (!result.ok) {
      println(ctx.stderr, `budayang simulate scanner: ${result.error}`);
      return 1;
    }
    return 0;
  },
};

export const devicesCommands: readonly CliCommand[] = [list, readId, scan, simulateIdCard, simulateScanner];
