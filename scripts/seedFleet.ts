// Seeds a running platform with a fleet of kiosks through the real kiosk-facing API: each kiosk
// gets its own Ed25519 identity, redeems a provisioning code, sends signed heartbeats (devices,
// consumables, queue, versions) and signed events, and is tagged through the admin API. Used by
// the console's e2e tests and for demos:
//   npx tsx scripts/seedFleet.ts --platform http://127.0.0.1:8787 --admin-token TOKEN [--kiosks 40]
// (the platform must allow that many provisioning attempts a minute: `--provisioning-per-minute`).
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { ulid } from 'ulid';
import type { DeviceDetail } from '../src-common/domain/device';
import { canonicalRequest, SIGNATURE_HEADERS, type HeartbeatRequest, type WireEvent } from '../src-common/wire/wire';
import { hourStartOf, STRUGGLE_COUNTS_KIND, type StruggleCount } from '../src-common/wire/helpWire';

type Level = 'city' | 'county' | 'township' | 'village';

/** Where one seeded kiosk stands and what it is like. */
export interface KioskPlan {
  readonly kioskCode: string;
  readonly regionCode: string;
  readonly level: Level;
  readonly siteKind: 'hall' | 'village';
  readonly siteName: string;
  readonly hardware: string;
  readonly appVersion: string;
  /** What its heartbeats will make it: online, degraded (a problem reported), offline (beats once, then stops), never (no beat). */
  readonly liveness: 'online' | 'degraded' | 'offline' | 'never';
}

/** A provisioned kiosk with its signing key. */
export interface SeededKiosk extends KioskPlan {
  readonly kioskId: string;
  readonly privateKey: crypto.KeyObject;
}

/** Sites of the demo fleet (Hubei: 武汉 4201, 黄石 4202, 襄阳 4206), one plan per kiosk round-robin. */
const SITES: ReadonlyArray<Omit<KioskPlan, 'kioskCode' | 'hardware' | 'appVersion' | 'liveness'>> = [
  { regionCode: '420102', level: 'city', siteKind: 'hall', siteName: '武汉市江岸区市民之家' },
  { regionCode: '420202', level: 'city', siteKind: 'hall', siteName: '黄石市市民之家' },
  { regionCode: '420281', level: 'county', siteKind: 'hall', siteName: '大冶市政务服务中心' },
  { regionCode: '420222', level: 'county', siteKind: 'hall', siteName: '阳新县政务服务中心' },
  { regionCode: '420222100', level: 'township', siteKind: 'village', siteName: '阳新县兴国镇便民服务中心' },
  { regionCode: '420281102', level: 'township', siteKind: 'village', siteName: '大冶市金湖街道便民服务站' },
  { regionCode: '420281102201', level: 'village', siteKind: 'village', siteName: '大冶市金湖街道上冯村' },
  { regionCode: '420222100203', level: 'village', siteKind: 'village', siteName: '阳新县兴国镇宝塔村' },
  { regionCode: '420602', level: 'city', siteKind: 'hall', siteName: '襄阳市襄城区市民之家' },
  { regionCode: '420602001201', level: 'village', siteKind: 'village', siteName: '襄城区古城街道檀溪村' },
];
const HARDWARE = ['ZZJ-A1 立式', 'ZZJ-B2 壁挂式', 'HK-800 桌面式'] as const;
const LIVENESS_CYCLE: ReadonlyArray<KioskPlan['liveness']> = ['online', 'online', 'degraded', 'online', 'offline', 'online', 'online', 'degraded', 'online', 'never'];

/** The deterministic plan of an `n`-kiosk demo fleet. */
export function planFleet(n: number): KioskPlan[] {
  return Array.from({ length: n }, (_, i) => ({
    ...SITES[i % SITES.length]!,
    kioskCode: `HB${String(i + 1).padStart(4, '0')}`,
    hardware: HARDWARE[i % HARDWARE.length]!,
    appVersion: i % 4 === 3 ? '0.1.0' : '0.1.1',
    liveness: LIVENESS_CYCLE[i % LIVENESS_CYCLE.length]!,
  }));
}

const printer = (paper: 'ok' | 'low' | 'out'): DeviceDetail => ({ kind: 'printer', paper, coverOpen: false, cutterError: false });

/** The heartbeat a kiosk of this plan sends: degraded kiosks report low paper and a jammed acceptor. */
export function heartbeatFor(plan: KioskPlan, sentAt: Date): HeartbeatRequest {
  const degraded = plan.liveness === 'degraded';
  return {
    sentAt: sentAt.toISOString(),
    devices: [
      { deviceId: 'id-reader', deviceClass: 'idCardReader', state: 'online', detail: { kind: 'cardReader', cardPresent: false, samOk: true } },
      { deviceId: 'receipt-printer', deviceClass: 'receiptPrinter', state: 'online', detail: printer(degraded ? 'low' : 'ok') },
      { deviceId: 'a4-printer', deviceClass: 'a4Printer', state: 'online', detail: printer('ok') },
      degraded
        ? { deviceId: 'bill-acceptor', deviceClass: 'billAcceptor', state: 'hardwareError', reason: 'bill-acceptor: POLL answered 0xE9 (note path jam) after 3 retries', detail: { kind: 'cashAcceptor', stacker: 'ok', escrow: 'empty', jammed: true } }
        : { deviceId: 'bill-acceptor', deviceClass: 'billAcceptor', state: 'online', detail: { kind: 'cashAcceptor', stacker: 'ok', escrow: 'empty', jammed: false } },
    ],
    queue: { pending: degraded ? 12 : 0, deadLetter: 0, oldestPendingAgeSeconds: degraded ? 340 : null },
    versions: { app: plan.appVersion, config: 'site-1' },
    diskFreeBytes: 48 * 1024 ** 3,
    commandResults: [],
    // The latest self-tests (docs/technicians.md): a degraded kiosk's acceptor failed at the escrow step.
    selfTests: [
      { deviceId: 'receipt-printer', outcome: 'passed', finishedAt: sentAt.toISOString(), steps: [{ action: 'status', outcome: 'passed', durationMs: 12 }, { action: 'testPage', outcome: 'passed', durationMs: 1830 }, { action: 'cut', outcome: 'passed', durationMs: 95 }, { action: 'paperSensor', outcome: 'passed', durationMs: 9 }] },
      {
        deviceId: 'bill-acceptor',
        outcome: degraded ? 'failed' : 'passed',
        finishedAt: sentAt.toISOString(),
        steps: [{ action: 'enable', outcome: 'passed', durationMs: 41 }, { action: 'escrowAndReturn', outcome: degraded ? 'failed' : 'skipped', durationMs: degraded ? 5012 : 5003 }, { action: 'counters', outcome: degraded ? 'skipped' : 'passed', durationMs: degraded ? 0 : 38 }],
      },
    ],
  };
}

function sha256Hex(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

function spkiOf(privateKey: crypto.KeyObject): string {
  return crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
}

/** A request signed as the platform's `KioskSignature` scheme describes (platform/openapi.yaml). */
function signedHeaders(privateKey: crypto.KeyObject, kioskId: string | undefined, method: string, path: string, text: string): Record<string, string> {
  const timestamp = new Date().toISOString();
  const nonce = crypto.randomBytes(16).toString('base64url');
  const bodySha256Hex = sha256Hex(text);
  const signature = crypto.sign(null, Buffer.from(canonicalRequest({ method, path, bodySha256Hex, timestamp, nonce }), 'utf8'), privateKey).toString('base64');
  return {
    'content-type': 'application/json',
    ...(kioskId ? { [SIGNATURE_HEADERS.kioskId]: kioskId, [SIGNATURE_HEADERS.contentSha256]: bodySha256Hex } : {}),
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: signature,
  };
}

async function expectOk(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: ${response.status} ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

export interface SeedOptions {
  readonly platformUrl: string;
  /** A credential for the admin API: the instance token or an API token of an operator or publisher. */
  readonly adminToken: string;
  readonly kiosks: number;
}

/** A seeded fleet, and the heartbeats that keep its live kiosks live. */
export interface SeededFleet {
  readonly kiosks: readonly SeededKiosk[];
  /** One signed heartbeat from every kiosk planned online or degraded. */
  beat(): Promise<void>;
  /** Beats every `intervalMs` until the returned stop is called. */
  keepAlive(intervalMs: number): () => Promise<void>;
  /** A signed request as `kiosk` (a heartbeat that acknowledges commands, a result event). */
  post(kiosk: SeededKiosk, path: string, body: unknown): Promise<unknown>;
}

export async function seedFleet(options: SeedOptions): Promise<SeededFleet> {
  const { platformUrl, adminToken } = options;
  const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const seeded: SeededKiosk[] = [];
  for (const plan of planFleet(options.kiosks)) {
    const { code } = (await expectOk(await fetch(`${platformUrl}/admin/provisioning-codes`, { method: 'POST', headers: { authorization: admin.authorization } }), 'provisioning code')) as { code: string };
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    const text = JSON.stringify({ code, kioskCode: plan.kioskCode, publicKey: spkiOf(privateKey), appVersion: plan.appVersion });
    const { kioskId } = (await expectOk(await fetch(`${platformUrl}/v1/provision`, { method: 'POST', headers: signedHeaders(privateKey, undefined, 'POST', '/v1/provision', text), body: text }), `provision ${plan.kioskCode}`)) as { kioskId: string };
    const tags = { regionCode: plan.regionCode, level: plan.level, siteKind: plan.siteKind, siteName: plan.siteName, hardware: plan.hardware };
    await expectOk(await fetch(`${platformUrl}/admin/kiosks/${encodeURIComponent(kioskId)}/tags`, { method: 'PUT', headers: admin, body: JSON.stringify(tags) }), `tags of ${plan.kioskCode}`);
    seeded.push({ ...plan, kioskId, privateKey });
  }
  const signedPost = async (kiosk: SeededKiosk, path: string, body: unknown) => {
    const text = JSON.stringify(body);
    return expectOk(await fetch(`${platformUrl}${path}`, { method: 'POST', headers: signedHeaders(kiosk.privateKey, kiosk.kioskId, 'POST', path, text), body: text }), `${path} from ${kiosk.kioskCode}`);
  };
  const beatAll = async (which: ReadonlyArray<KioskPlan['liveness']>) => {
    for (const kiosk of seeded) if (which.includes(kiosk.liveness)) await signedPost(kiosk, '/v1/heartbeat', heartbeatFor(kiosk, new Date()));
  };
  await beatAll(['online', 'degraded', 'offline']);
  for (const kiosk of seeded) {
    if (kiosk.liveness === 'never') continue;
    await signedPost(kiosk, '/v1/events', { events: eventsFor(kiosk) });
  }
  return {
    kiosks: seeded,
    beat: () => beatAll(['online', 'degraded']),
    post: signedPost,
    keepAlive: (intervalMs) => {
      let running: Promise<void> = Promise.resolve();
      const timer = setInterval(() => {
        running = running.then(() => beatAll(['online', 'degraded'])).catch(() => undefined);
      }, intervalMs);
      return async () => {
        clearInterval(timer);
        await running;
      };
    },
  };
}

/** A few signed events per kiosk: an alert on degraded ones, and an application whose PII the console must never show. */
export function eventsFor(kiosk: KioskPlan): WireEvent[] {
  const at = new Date().toISOString();
  const caseNumber = `${kiosk.kioskCode}-20261205-0001`;
  const events: WireEvent[] = [
    {
      idempotencyKey: ulid(),
      streamKey: `case:${caseNumber}`,
      streamSeq: 1,
      kind: 'application.submitted',
      occurredAt: at,
      payload: {
        caseNumber,
        kioskCode: kiosk.kioskCode,
        kind: 'item',
        id: 'residence-permit',
        name: { zh: '居住证办理', en: 'Residence permit' },
        catalogVersion: 'catalog-1',
        feeFen: 0,
        submittedAt: at,
        consentAt: at,
        identity: { source: 'idCard', cardType: 'resident', checkDigitValid: true },
        items: [{ itemId: 'residence-permit', name: { zh: '居住证办理', en: 'Residence permit' }, feeFen: 0, fields: [] }],
        fields: [],
        materials: [],
      },
      pii: {
        applicant: { cardType: 'resident', name: SEEDED_APPLICANT_NAME, idNumber: '420202199001011234' },
        answers: {},
        materialImages: [],
        signature: { mimeType: 'image/png', base64: 'iVBORw0KGgo=' },
      },
    },
  ];
  if (kiosk.liveness === 'degraded') {
    events.push({ idempotencyKey: ulid(), streamKey: 'alert:receipt-printer', streamSeq: 1, kind: 'alert.raised', occurredAt: at, payload: { code: 'paperLow', severity: 'warning', subject: 'receipt-printer' } });
  }
  events.push({ idempotencyKey: ulid(), streamKey: 'help:counts', streamSeq: 1, kind: STRUGGLE_COUNTS_KIND, occurredAt: at, payload: { hourStart: hourStartOf(Date.now()), counts: seededStruggles(kiosk) } });
  return events;
}

/** Where citizens struggled at a seeded kiosk this hour (#16 item 15): every kiosk's case-number step, and one more by site kind. */
export function seededStruggles(kiosk: KioskPlan): StruggleCount[] {
  const extra: StruggleCount = kiosk.siteKind === 'village' ? { service: 'apply', step: 'form', signal: 'longDwell', count: 1 } : { service: 'pay', step: 'pay-confirm', signal: 'backAndForth', count: 1 };
  return [{ service: 'query', step: 'query-enter', signal: 'validationErrors', count: 2 }, extra];
}

/** The applicant name in seeded applications: a console page that shows it leaks PII. */
export const SEEDED_APPLICANT_NAME = '测试甲';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { platform: { type: 'string' }, 'admin-token': { type: 'string' }, kiosks: { type: 'string' } } });
  if (!values.platform || !values['admin-token']) {
    console.error('usage: npx tsx scripts/seedFleet.ts --platform URL --admin-token TOKEN [--kiosks N]');
    process.exitCode = 2;
    return;
  }
  const fleet = await seedFleet({ platformUrl: values.platform, adminToken: values['admin-token'], kiosks: Number(values.kiosks ?? 40) });
  process.stdout.write(`seeded ${fleet.kiosks.length} kiosks at ${values.platform}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
