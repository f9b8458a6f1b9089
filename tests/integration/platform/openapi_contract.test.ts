// The platform against its contract, platform/openapi.yaml: the spec is a valid OpenAPI 3.1
// document; every route the server registers is in it and every path in it is served; and a
// tour through every operation (kiosk client, provisioning, admin calls, refusals) gets answers
// whose status is declared and whose JSON body validates against the declared schema.
import crypto from 'node:crypto';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { unwrap } from '../../../src-common/result';
import { generateAdminKey, signBundle } from '../../../src-main/core/fleet/fleetKeys';
import { PlatformClient, provisionKiosk } from '../../../src-main/core/sync/PlatformClient';
import { makeRelease } from '../../support/appRelease';
import { faceJpeg } from '../../support/faceImages';
import { REFERENCE_FACES } from '../../../platform/server/identity/referenceAuthority';
import { startTestPlatform } from '../../support/platformDatabase';
import { createAccounts } from './support/consoleClient';
import { enqueueSynthetic, openKiosk, tempDir, type KioskUnderTest } from '../sync/support/syncHarness';
import { applicationSubmitted, event, HandJournal, journalEvents } from './support/opsRig';

const SPEC_FILE = path.resolve(__dirname, '../../../platform/openapi.yaml');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly body: unknown;
}

interface OpenApiResponse {
  content?: { 'application/json'?: { schema?: object } };
}
interface OpenApiDocument {
  paths: Record<string, Partial<Record<(typeof METHODS)[number], { responses: Record<string, OpenApiResponse> }>>>;
}

let spec: OpenApiDocument;
let platform: PlatformServer;
let kiosk: KioskUnderTest;
const recorded: Recorded[] = [];

/** A fetch that records every answer (status and JSON body) for validation. */
const recordingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const text = await response.clone().text();
  const url = new URL(typeof input === 'string' || input instanceof URL ? input.toString() : input.url);
  recorded.push({ method: (init?.method ?? 'GET').toUpperCase(), path: url.pathname, status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined });
  return response;
};

async function admin(method: string, urlPath: string, body?: unknown, token = platform.adminToken): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await recordingFetch(platform.url + urlPath, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** The console's session (cookie and CSRF token) after a successful sign-in through `consoleCall`. */
const consoleSession = { cookie: '', csrfToken: '' };

/** A console call as the browser makes it: the session cookie, and the CSRF token on state changes. */
async function consoleCall(method: string, urlPath: string, body?: unknown, options: { csrf?: boolean } = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await recordingFetch(platform.url + urlPath, {
    method,
    headers: {
      ...(consoleSession.cookie ? { cookie: consoleSession.cookie } : {}),
      ...(method !== 'GET' && options.csrf !== false && consoleSession.csrfToken ? { 'x-csrf-token': consoleSession.csrfToken } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const cookie = /budayang_console=[^;]*/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (cookie && typeof json.csrfToken === 'string') Object.assign(consoleSession, { cookie, csrfToken: json.csrfToken });
  return { status: res.status, json };
}

/** `/v1/cases/{caseNumber}` → a regex for concrete paths. */
function templateRegex(template: string): RegExp {
  return new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`);
}

function operationOf(method: string, concretePath: string): { template: string; responses: Record<string, OpenApiResponse> } | undefined {
  // Literal paths first: `/v1/proofs/issue` before `/v1/proofs/{proofId}`.
  const templates = Object.keys(spec.paths).sort((a, b) => (a.includes('{') ? 1 : 0) - (b.includes('{') ? 1 : 0));
  for (const template of templates) {
    const operation = spec.paths[template]![method.toLowerCase() as (typeof METHODS)[number]];
    if (operation && templateRegex(template).test(concretePath)) return { template, responses: operation.responses };
  }
  return undefined;
}

beforeAll(async () => {
  // validate() checks the document against the OpenAPI 3.1 schema; dereference() resolves $refs.
  await SwaggerParser.validate(SPEC_FILE);
  spec = (await SwaggerParser.dereference(SPEC_FILE)) as unknown as OpenApiDocument;
  platform = await startTestPlatform({ dataDir: tempDir('platform'), adminToken: 'contract-token', allowBulkProvisioning: true });
  kiosk = openKiosk(tempDir('kiosk'));
});

afterAll(async () => {
  await kiosk?.close();
  await platform?.close();
});

describe('platform/openapi.yaml', () => {
  it('lists every route the server registers, and the server serves every path it lists', () => {
    const served = new Set(platform.routes.map((r) => `${r.method} ${r.path}`));
    const declared = new Set(Object.entries(spec.paths).flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${p}`)));
    expect([...served].filter((r) => !declared.has(r)).sort()).toEqual([]);
    expect([...declared].filter((r) => !served.has(r)).sort()).toEqual([]);
  });

  it('answers a tour of every operation with declared statuses and bodies that validate', async () => {
    // Kiosk side: health, provisioning (and a refused second use), events, heartbeat, config, catalog, reference.
    await recordingFetch(`${platform.url}/v1/health`);
    const code = await platform.createProvisioningCode();
    const kioskId = unwrap(await provisionKiosk(kiosk.stack.identity, platform.url, { code, kioskCode: 'TEST01', appVersion: 't' }, recordingFetch)).kioskId;
    const other = openKiosk(tempDir('kiosk'));
    expect((await provisionKiosk(other.stack.identity, platform.url, { code, kioskCode: 'TEST02', appVersion: 't' }, recordingFetch)).ok).toBe(false);
    await other.close();
    const client = new PlatformClient({ identity: kiosk.stack.identity, fetch: recordingFetch });
    enqueueSynthetic(kiosk, 3, 2);
    const taken = unwrap(kiosk.stack.outbox.takeBatch(10));
    unwrap(await client.pushEvents(taken.map((t) => t.event)));
    await admin('POST', '/admin/commands', { kioskId, action: { kind: 'flushQueue' } });
    await admin('POST', '/admin/commands', { kioskId, action: { kind: 'selfDestruct' } });
    const beat = { sentAt: new Date().toISOString(), devices: [], queue: { pending: 0, deadLetter: 0, oldestPendingAgeSeconds: null }, versions: { app: 't', config: 't' }, diskFreeBytes: null, commandResults: [] };
    unwrap(await client.heartbeat(beat));
    await client.pullBundle('config');
    const signer = generateAdminKey().key;
    const bundle = unwrap(signBundle('config', 1, { ui: { idleWarningSeconds: 60 } }, signer));
    await admin('PUT', '/admin/bundles/config', bundle);
    await admin('PUT', '/admin/bundles/config', bundle);
    await admin('PUT', '/admin/bundles/catalog', { kind: 'catalog' });
    await admin('POST', '/admin/bundles/catalog/sign', { payload: { version: 'contract', items: [] } });
    await admin('POST', '/admin/bundles/catalog/sign', { version: 1, payload: { version: 'again' } });
    await admin('GET', '/admin/bundles');
    // App releases: files uploaded (one refused after publication), published (an incomplete one refused), served.
    const release = makeRelease('1.1.0', signer);
    const upload = (version: string, name: string, bytes: Uint8Array) => recordingFetch(`${platform.url}/admin/releases/${version}/files/${name}`, { method: 'PUT', headers: { authorization: `Bearer ${platform.adminToken}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) });
    await upload('1.0.9', 'latest.yml', Buffer.from('version: 1.0.9\n'));
    await admin('POST', '/admin/releases/1.0.9/publish');
    await admin('POST', '/admin/releases/0.0.1/publish');
    for (const [name, bytes] of release.files) await upload('1.1.0', name, bytes);
    await upload('bad', 'x.yml', Buffer.from('x'));
    const published = await admin('POST', '/admin/releases/1.1.0/publish');
    await upload('1.1.0', 'latest-linux.yml', Buffer.from('swapped'));
    await admin('GET', '/admin/releases');
    await recordingFetch(`${platform.url}/v1/releases/1.1.0/latest-linux.yml.sig`);
    await recordingFetch(`${platform.url}/v1/releases/1.1.0/missing.yml.sig`);
    // The fleet: tags and groups, rollouts (refused, paused, resumed, canceled, aborted), the twin.
    await admin('PUT', '/admin/fleet/groups/pilots', { selector: { kioskIds: [kioskId] } });
    await admin('PUT', '/admin/fleet/groups/pilots', { selector: { levels: ['hamlet'] } });
    await admin('GET', '/admin/fleet/groups');
    await admin('GET', '/admin/fleet/kiosks?group=pilots&limit=10');
    await admin('GET', '/admin/fleet/kiosks?group=nobody');
    await admin('POST', '/admin/rollouts', { kind: 'config', version: 9, target: { group: 'pilots' } });
    await admin('POST', '/admin/rollouts', { kind: 'config', version: 1, target: { group: 'nobody' } });
    const paused = await admin('POST', '/admin/rollouts', { kind: 'catalog', version: 1, target: { group: 'pilots' }, rings: [{ percent: 100 }], soakSeconds: 0 });
    const catalogRollout = String(paused.json.rolloutId);
    await admin('POST', `/admin/rollouts/${catalogRollout}/pause`);
    await admin('POST', `/admin/rollouts/${catalogRollout}/pause`);
    await admin('POST', `/admin/rollouts/${catalogRollout}/resume`);
    await admin('POST', `/admin/rollouts/${catalogRollout}/explode`);
    await admin('POST', '/admin/rollouts/R-nope/pause');
    const configRollout = String((await admin('POST', '/admin/rollouts', { kind: 'config', version: 1, target: { kioskIds: [kioskId] }, rings: [{ kiosks: 1 }], soakSeconds: 0 })).json.rolloutId);
    await admin('POST', '/admin/rollouts', { kind: 'config', version: 1, target: { kioskIds: [kioskId] } });
    await admin('POST', '/admin/rollouts', { kind: 'app', version: Number(published.json.release), target: { kioskIds: [kioskId] }, rings: [{ kiosks: 1 }], soakSeconds: 0 });
    await admin('GET', '/admin/rollouts');
    await admin('GET', `/admin/rollouts/${configRollout}`);
    await admin('GET', '/admin/rollouts/R-nope');
    unwrap(await client.heartbeat({ ...beat, sentAt: new Date().toISOString() }));
    const config = unwrap(await client.pullBundle('config'));
    await client.pullBundle('config', config!.etag!);
    const catalog = unwrap(await client.pullCatalog());
    await client.pullCatalog(catalog!.etag!);
    await admin('POST', `/admin/rollouts/${configRollout}/cancel`);
    await admin('POST', `/admin/rollouts/${catalogRollout}/abort`);
    await admin('GET', `/admin/fleet/kiosks/${kioskId}/commands`);
    await admin('GET', `/admin/rollouts/${configRollout}/kiosks?ring=0&limit=10`);
    await admin('GET', '/admin/rollouts/R-nope/kiosks');
    await admin('POST', '/admin/fleet/commands', { target: { kioskIds: [kioskId] }, action: { kind: 'pullConfig' }, urgent: true });
    await admin('POST', '/admin/fleet/commands', { target: { group: 'pilots' }, action: { kind: 'setMaintenance', on: true, reason: { zh: '设备检修', en: 'Servicing' } } });
    await admin('POST', '/admin/fleet/commands', { target: { group: 'nobody' }, action: { kind: 'flushQueue' } });
    await admin('POST', '/admin/fleet/commands', { target: { kioskIds: ['K-nope'] }, action: { kind: 'flushQueue' } });
    await admin('GET', `/admin/fleet/commands?kioskId=${kioskId}&limit=5`);
    await client.caseStatus('DEMO01-20261119-0007');
    await client.caseStatus('NOPE');
    await client.proof('P-SOCIAL-0001');
    await client.certificate('C-BL-420200-0001');
    const holder = { name: '张三', idNumber: '420202199001011234' };
    unwrap(await client.signed('POST', '/v1/proofs/issue', { kind: 'socialInsurance', holder }, (await import('zod')).z.unknown()));
    unwrap(await client.signed('POST', '/v1/certificates/ready', { holder }, (await import('zod')).z.unknown()));
    const photo = { mimeType: 'image/jpeg', base64: faceJpeg(REFERENCE_FACES.demoResident).toString('base64') };
    unwrap(await client.signed('POST', '/v1/identity/verify', { holder, photo, liveness: { verdict: 'notChecked', checker: 'none' } }, (await import('zod')).z.unknown()));
    await client.signed('POST', '/v1/identity/verify', { holder, photo: { mimeType: 'image/png', base64: 'AAAAAAAAAAAAAAAAAAAA' } }, (await import('zod')).z.unknown());
    unwrap(await client.signed('PUT', '/v1/diagnostics/tour-1', { format: 'budayang.diagnostics/1', log: [] }, (await import('zod')).z.unknown()));
    unwrap(await client.signed('PUT', '/v1/diagnostics/tour-1', { format: 'budayang.diagnostics/1', log: [] }, (await import('zod')).z.unknown()));
    await client.signed('PUT', '/v1/diagnostics/bad%20id', {}, (await import('zod')).z.unknown());

    // Cases: a submission becomes a case, found by number and by holder, its fee payable later;
    // the back office lists it, reads its audit trail and moves it (and is refused a wrong move).
    const caseNumber = 'TEST01-20261126-0042';
    const z = (await import('zod')).z;
    unwrap(await client.signed('POST', '/v1/events', { events: [applicationSubmitted(caseNumber, holder, { feeFen: 2500 })] }, z.unknown()));
    unwrap(await client.signed('GET', `/v1/cases/${caseNumber}`, undefined, z.unknown()));
    unwrap(await client.signed('POST', '/v1/cases/of-holder', { holder: { idNumber: holder.idNumber } }, z.unknown()));
    unwrap(await client.signed('GET', `/v1/payments/cases/${caseNumber}`, undefined, z.unknown()));
    await client.signed('GET', '/v1/payments/cases/TEST01-20261126-9999', undefined, z.unknown());
    unwrap(await client.signed('POST', '/v1/payments/cases/of-holder', { holder: { idNumber: holder.idNumber } }, z.unknown()));
    await admin('GET', '/admin/cases?limit=5');
    await admin('GET', `/admin/cases/${caseNumber}`);
    await admin('POST', `/admin/cases/${caseNumber}/transitions`, { to: 'approved', actor: 'clerk' });
    await admin('POST', `/admin/cases/${caseNumber}/transitions`, { to: 'inReview', actor: 'clerk' });
    await admin('POST', `/admin/cases/${caseNumber}/transitions`, { to: 'rejected', actor: 'clerk' });

    // Monitoring: a heartbeat showing paper out raises an alert; a kiosk-reported fraud alert is
    // resolved by a person; the replicated cash journal fills a cash box that is then collected.
    unwrap(await client.heartbeat({ ...beat, devices: [{ deviceId: 'receipt-1', deviceClass: 'receiptPrinter', state: 'userError', detail: { kind: 'printer', paper: 'out', coverOpen: false, cutterError: false } }] }));
    const journal = new HandJournal();
    const entries = [journal.next('T1', { kind: 'txnStarted', dueFen: 1000, deviceId: 'cash-1', stackedCounterAtStart: null }), journal.next('T1', { kind: 'noteStacked', valueFen: 1000, channel: 2, paidFen: 1000, source: 'credit' })];
    const fraud = event('alert.raised', { code: 'fraudAttempt', severity: 'critical', subject: 'cash-1' });
    unwrap(await client.signed('POST', '/v1/events', { events: [...journalEvents(entries, 1), fraud] }, z.unknown()));
    const alerts = (await admin('GET', '/admin/alerts?state=active')).json.alerts as Array<{ alertId: number; code: string }>;
    const paperOut = alerts.find((a) => a.code === 'paperOut')!;
    const fraudAlert = alerts.find((a) => a.code === 'fraudAttempt')!;
    await admin('GET', `/admin/alerts/${paperOut.alertId}`);
    await admin('GET', '/admin/alerts/999999');
    await admin('POST', `/admin/alerts/${paperOut.alertId}/acknowledge`, { actor: 'ops' });
    await admin('POST', `/admin/alerts/${paperOut.alertId}/resolve`, { actor: 'ops', note: 'refilled' });
    await admin('POST', `/admin/alerts/${fraudAlert.alertId}/resolve`, { actor: 'ops', note: 'checked on site' });
    await admin('POST', `/admin/alerts/${fraudAlert.alertId}/acknowledge`, { actor: 'ops' });
    await admin('GET', '/admin/struggles?days=30');
    await admin('GET', '/admin/struggles?days=0');
    await admin('GET', `/admin/kiosks/${kioskId}/cash-journal`);
    await admin('POST', `/admin/kiosks/${kioskId}/cash-box-collected`, { deviceId: 'cash-1', actor: 'collector' });

    // Payments: a notice, a payment-code order paid then reversed, displayed orders scanned/paid and closed.
    const anyBody = (await import('zod')).z.unknown();
    await client.signed('GET', '/v1/payments/notices/42020026112600012346', undefined, anyBody);
    const codeOrder = `QR${ulid()}`;
    await client.signed('POST', '/v1/payments/orders', { orderId: codeOrder, payable: { kind: 'notice', noticeNumber: '42020026112600012346' }, mode: 'paymentCode', amountFen: 12000, subject: '出入境证件工本费', ttlSeconds: 60 }, anyBody);
    await client.signed('POST', `/v1/payments/orders/${codeOrder}/micropay`, { authCode: '134567890123456700' }, anyBody);
    await client.signed('GET', `/v1/payments/orders/${codeOrder}`, undefined, anyBody);
    await client.signed('POST', `/v1/payments/orders/${codeOrder}/reverse`, undefined, anyBody);
    const shown = `QR${ulid()}`;
    await client.signed('POST', '/v1/payments/orders', { orderId: shown, payable: { kind: 'case', caseNumber: 'TEST01-20261126-0001' }, mode: 'displayedCode', amountFen: 3000, subject: '居住证', ttlSeconds: 60 }, anyBody);
    await admin('POST', `/admin/payments/${shown}/scan`);
    await admin('POST', `/admin/payments/${shown}/pay`, { channel: 'alipay' });
    const closed = `QR${ulid()}`;
    await client.signed('POST', '/v1/payments/orders', { orderId: closed, payable: { kind: 'case', caseNumber: 'TEST01-20261126-0002' }, mode: 'displayedCode', amountFen: 3000, subject: '居住证', ttlSeconds: 60 }, anyBody);
    await client.signed('POST', `/v1/payments/orders/${closed}/close`, undefined, anyBody);
    await admin('GET', `/admin/payments/orders/${shown}`);
    await admin('GET', '/admin/payments/notices/42020026112600012346');
    await admin('GET', '/admin/payments/settlements');
    await admin('POST', '/admin/payments/gateway', { mode: 'byCode' });

    // Load-test provisioning: many keys at once (this platform was started to allow it).
    const pair = crypto.generateKeyPairSync('ed25519');
    await admin('POST', '/admin/loadtest/kiosks', { kiosks: [{ kioskCode: 'LT000001', publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64') }] });
    await admin('POST', '/admin/loadtest/kiosks', { kiosks: [] });

    // Admin lists and hooks, and refusals.
    await admin('GET', '/admin/kiosks?limit=10');
    await admin('GET', '/admin/events?limit=2');
    await admin('POST', '/admin/provisioning-codes');
    await admin('POST', '/admin/faults', { kind: 'none' });
    await admin('GET', '/admin/kiosks', undefined, 'wrong-token');
    await admin('POST', '/admin/faults', { kind: 'explode' });

    // The console's admin API (declared in platform/api; its section of the spec is generated).
    await createAccounts(platform, [['tour-publisher', 'publisher']], 'tour password 1234');
    await consoleCall('POST', '/admin/session', { username: 'tour-publisher', password: 'wrong password here' });
    await consoleCall('POST', '/admin/session', { username: 'tour-publisher', password: 'tour password 1234' });
    await consoleCall('GET', '/admin/session');
    await consoleCall('PUT', '/admin/session/password', { currentPassword: 'tour password 1234', newPassword: 'tour password 5678' });
    await consoleCall('POST', '/admin/accounts', { username: 'tour-viewer', role: 'viewer', password: 'viewer password 1' });
    await consoleCall('POST', '/admin/accounts', { username: 'tour-viewer', role: 'viewer', password: 'viewer password 1' });
    await consoleCall('PATCH', '/admin/accounts/tour-viewer', { role: 'operator' });
    await consoleCall('GET', '/admin/accounts?limit=10');
    const issued = await consoleCall('POST', '/admin/accounts/tour-viewer/tokens', { name: 'tour' });
    await consoleCall('GET', '/admin/accounts/tour-viewer/tokens');
    await consoleCall('DELETE', `/admin/tokens/${(issued.json.info as { tokenId: string }).tokenId}`);
    await consoleCall('PUT', `/admin/kiosks/${kioskId}/tags`, { regionCode: '420202', level: 'city', siteKind: 'hall', siteName: '黄石市市民之家', hardware: 'ZZJ-A1' });
    await consoleCall('PUT', `/admin/kiosks/${kioskId}/tags`, { regionCode: '420202', level: 'city', siteKind: 'hall', siteName: null, hardware: null }, { csrf: false });
    await consoleCall('GET', '/admin/fleet/overview');
    await consoleCall('GET', '/admin/fleet/overview?region=4202');
    await consoleCall('GET', '/admin/fleet/facets');
    await consoleCall('GET', '/admin/kiosks?region=4202&status=online&limit=5');
    await consoleCall('GET', `/admin/kiosks/${kioskId}`);
    await consoleCall('GET', '/admin/kiosks/K-unknown');
    await consoleCall('GET', `/admin/kiosks/${kioskId}/events?limit=5`);
    await consoleCall('GET', '/admin/audit?limit=20&action=accounts.');
    await consoleCall('DELETE', '/admin/session');

    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const compiled = new Map<object, ValidateFunction>();
    const problems: string[] = [];
    const succeeded = new Set<string>();
    for (const r of recorded) {
      const operation = operationOf(r.method, r.path);
      if (!operation) {
        problems.push(`${r.method} ${r.path}: no operation in the spec`);
        continue;
      }
      const declared = operation.responses[String(r.status)] ?? operation.responses.default;
      if (!declared) {
        problems.push(`${r.method} ${operation.template}: status ${r.status} is not declared`);
        continue;
      }
      if (r.status >= 200 && r.status < 300) succeeded.add(`${r.method} ${operation.template}`);
      const schema = declared.content?.['application/json']?.schema;
      if (!schema) {
        if (r.status !== 304 && r.status !== 204) problems.push(`${r.method} ${operation.template} ${r.status}: no JSON schema declared for this answer`);
        continue;
      }
      const validate = compiled.get(schema) ?? ajv.compile(schema);
      compiled.set(schema, validate);
      if (!validate(r.body)) problems.push(`${r.method} ${operation.template} ${r.status}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(problems).toEqual([]);
    // Every operation answered successfully at least once, so every success schema was checked.
    const declaredOperations = Object.entries(spec.paths).flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${p}`));
    expect(declaredOperations.filter((o) => !succeeded.has(o)).sort()).toEqual([]);
  });
});
