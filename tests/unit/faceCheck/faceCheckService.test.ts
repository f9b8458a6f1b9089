// 人证核验 in the core, against a fake identity-verification platform: a match verifies the card
// in this session only; a mismatch leaves attempts and then ends the check; a 5xx, a timeout or a
// missing reference photo sends the citizen to a window (never a silent pass). On every path the
// photo and frames are zero-filled and nothing of them stays in the session or the log.
import { describe, expect, it } from 'vitest';
import { FACE_CHECK_MAX_ATTEMPTS } from '../../../src-common/api/faceCheck';
import type { IdCardData } from '../../../src-common/api/devices';
import type { LogFields, Logger } from '../../../src-common/logging';
import { err, ok } from '../../../src-common/result';
import type { IdentityVerifyRequest, IdentityVerifyResponse } from '../../../src-common/wire/identityWire';
import { FaceCheckService, type IdentityVerifier } from '../../../src-main/core/faceCheck/FaceCheckService';
import { NoVendorLivenessCheck, type LivenessCheck } from '../../../src-main/core/faceCheck/LivenessCheck';
import type { ActiveSession } from '../../../src-main/core/session/SessionService';
import { SESSION_ID_CARD_KEY, sessionIdCard } from '../../../src-main/core/session/sessionIdCard';
import type { PlatformFailure } from '../../../src-main/core/sync/PlatformClient';
import { faceJpeg } from '../../support/faceImages';
import { REFERENCE_FACES } from '../../../platform/server/identity/referenceAuthority';

const CARD: IdCardData = {
  cardType: 'resident', name: '王建国', sex: '男', birthDate: '1980-01-01', address: '湖北省黄石市下陆区示例大道100号', idNumber: '420204198001010018',
  issuer: '黄石市公安局下陆分局', validFrom: '2015-06-01', validTo: '2035-06-01', checkDigitValid: true, idNumberCheck: 'gb11643', nation: '汉', hasPhoto: true,
};
const OTHER_CARD: IdCardData = { ...CARD, name: '陈秀英', idNumber: '420202195807150029' };

function sessionWith(card: IdCardData | undefined): ActiveSession {
  const data = new Map<string, unknown>();
  if (card) data.set(SESSION_ID_CARD_KEY, { card });
  return { info: { sessionId: 's-1', startedAt: new Date().toISOString(), language: 'zh-CN', elderlyMode: false }, connectionId: 'c-1', lastTouch: 0, abort: new AbortController(), data, holds: 0 };
}

/** Every log line, to check that nothing personal reaches one. */
function recordingLogger(lines: Array<{ event: string; fields?: LogFields }>): Logger {
  const record = (event: string, fields?: LogFields) => void lines.push({ event, ...(fields ? { fields } : {}) });
  const logger: Logger = { debug: record, info: record, warn: record, error: record, child: () => logger };
  return logger;
}

type Answer = Awaited<ReturnType<IdentityVerifier['verify']>>;

/** A fake platform answering each call from a list; it records what it was sent. */
function fakePlatform(...answers: Array<Answer | 'hang'>) {
  const requests: IdentityVerifyRequest[] = [];
  const verifier: IdentityVerifier = {
    verify: (request, signal) => {
      requests.push(request);
      const answer = answers.shift() ?? 'hang';
      if (answer !== 'hang') return Promise.resolve(answer);
      // A platform that never answers: only the caller's abort ends the wait.
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve(err({ kind: 'unreachable', message: 'aborted' }))));
    },
  };
  return { verifier, requests };
}

const verdict = (outcome: IdentityVerifyResponse['outcome'], score: number): Answer => ok({ outcome, score, threshold: 0.875 });
const serverError: Answer = err<PlatformFailure>({ kind: 'http', status: 503, code: 'unavailable', message: 'down' });

function photo() {
  return { photo: faceJpeg(REFERENCE_FACES.demoResident), frames: [faceJpeg(REFERENCE_FACES.demoResident, 64, 48), faceJpeg(REFERENCE_FACES.demoResident, 64, 48)] };
}

function serviceWith(verifier: IdentityVerifier, options: { liveness?: LivenessCheck; timeoutMs?: number; lines?: Array<{ event: string; fields?: LogFields }> } = {}) {
  return new FaceCheckService({ verifier, liveness: options.liveness ?? new NoVendorLivenessCheck(), log: recordingLogger(options.lines ?? []), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
}

const allZero = (bytes: Uint8Array) => bytes.every((b) => b === 0);

describe('FaceCheckService', () => {
  it('a match verifies the holder of this card in this session, with the photo and the liveness verdict sent once', async () => {
    const platform = fakePlatform(verdict('match', 1));
    const service = serviceWith(platform.verifier);
    const session = sessionWith(CARD);
    expect(service.isVerified(session)).toBe(false);
    const input = photo();
    const jpegBase64 = input.photo.toString('base64');
    const result = await service.verify(session, input);
    expect(result).toEqual({ ok: true, value: { score: 1 } });
    expect(service.isVerified(session)).toBe(true);
    expect(platform.requests).toEqual([{ holder: { name: '王建国', idNumber: CARD.idNumber }, photo: { mimeType: 'image/jpeg', base64: jpegBase64 }, liveness: { verdict: 'notChecked', checker: 'none' } }]);
    // A second card read in the same session is somebody else until checked.
    session.data.set(SESSION_ID_CARD_KEY, { card: OTHER_CARD });
    expect(service.isVerified(session)).toBe(false);
  });

  it('a mismatch leaves attempts; after the last one the check ends and the card leaves the session', async () => {
    const platform = fakePlatform(verdict('noMatch', 0.5), verdict('noFace', 0), verdict('noMatch', 0.6), verdict('match', 1));
    const service = serviceWith(platform.verifier);
    const session = sessionWith(CARD);
    const first = await service.verify(session, photo());
    expect(first).toMatchObject({ ok: false, error: { errorCode: 'faceMismatch', params: { attemptsLeft: FACE_CHECK_MAX_ATTEMPTS - 1 } } });
    const second = await service.verify(session, photo());
    expect(second).toMatchObject({ ok: false, error: { errorCode: 'noFace', params: { attemptsLeft: FACE_CHECK_MAX_ATTEMPTS - 2 } } });
    expect(sessionIdCard(session)).toEqual(CARD);
    const last = await service.verify(session, photo());
    expect(last).toMatchObject({ ok: false, error: { errorCode: 'attemptsExhausted' } });
    expect(sessionIdCard(session)).toBeUndefined();
    expect(service.isVerified(session)).toBe(false);
    // Bounded: no fourth comparison, even if the card were read again.
    session.data.set(SESSION_ID_CARD_KEY, { card: CARD });
    expect(await service.verify(session, photo())).toMatchObject({ ok: false, error: { errorCode: 'attemptsExhausted' } });
    expect(platform.requests).toHaveLength(FACE_CHECK_MAX_ATTEMPTS);
  });

  it('a platform 5xx sends the citizen to a window: not verified, the card wiped', async () => {
    const service = serviceWith(fakePlatform(serverError).verifier);
    const session = sessionWith(CARD);
    expect(await service.verify(session, photo())).toMatchObject({ ok: false, error: { code: 'deviceNotReady', errorCode: 'platformUnavailable' } });
    expect(service.isVerified(session)).toBe(false);
    expect(sessionIdCard(session)).toBeUndefined();
  });

  it('a platform that does not answer in time is abandoned and counts as unavailable', async () => {
    const service = serviceWith(fakePlatform('hang').verifier, { timeoutMs: 50 });
    const session = sessionWith(CARD);
    expect(await service.verify(session, photo())).toMatchObject({ ok: false, error: { errorCode: 'platformUnavailable' } });
    expect(service.isVerified(session)).toBe(false);
  });

  it('no reference photo at the authority ends the check at once', async () => {
    const service = serviceWith(fakePlatform(verdict('noReference', 0)).verifier);
    const session = sessionWith(CARD);
    expect(await service.verify(session, photo())).toMatchObject({ ok: false, error: { errorCode: 'noReference' } });
    expect(sessionIdCard(session)).toBeUndefined();
  });

  it('a vendor liveness failure stops before the platform is asked', async () => {
    const platform = fakePlatform(verdict('match', 1));
    const spoofed: LivenessCheck = { checker: 'vendor-sdk 1.0', check: () => Promise.resolve({ kind: 'failed', reason: 'screen replay' }) };
    const service = serviceWith(platform.verifier, { liveness: spoofed });
    expect(await service.verify(sessionWith(CARD), photo())).toMatchObject({ ok: false, error: { errorCode: 'livenessFailed' } });
    expect(platform.requests).toEqual([]);
  });

  it('the default liveness check accepts the frames and says honestly that nobody checked', async () => {
    const check = new NoVendorLivenessCheck();
    expect(await check.check(photo().frames)).toEqual({ kind: 'notChecked', reason: 'noVendorSdk' });
    expect(await check.check([])).toEqual({ kind: 'notChecked', reason: 'noFrames' });
  });

  it('refuses without a card, with a failed check digit, or with bytes that are not a JPEG', async () => {
    const service = serviceWith(fakePlatform(verdict('match', 1)).verifier);
    expect(await service.verify(sessionWith(undefined), photo())).toMatchObject({ ok: false, error: { errorCode: 'noCardRead' } });
    expect(await service.verify(sessionWith({ ...CARD, checkDigitValid: false }), photo())).toMatchObject({ ok: false, error: { errorCode: 'checkDigitInvalid' } });
    expect(await service.verify(sessionWith(CARD), { photo: Buffer.from('not a jpeg at all'), frames: [] })).toMatchObject({ ok: false, error: { errorCode: 'photoInvalid' } });
  });

  it('retains nothing: the buffers are zero-filled on every path, and no photo or ID reaches the session or the log', async () => {
    const answers: Array<Answer | 'hang'> = [verdict('match', 1), verdict('noMatch', 0.4), serverError, 'hang'];
    for (const answer of answers) {
      const lines: Array<{ event: string; fields?: LogFields }> = [];
      const service = serviceWith(fakePlatform(answer).verifier, { timeoutMs: 50, lines });
      const session = sessionWith(CARD);
      const input = photo();
      const base64 = input.photo.toString('base64');
      await service.verify(session, input);
      expect(allZero(input.photo)).toBe(true);
      expect(input.frames.every(allZero)).toBe(true);
      const kept = JSON.stringify([...session.data.entries()].filter(([key]) => key !== SESSION_ID_CARD_KEY));
      expect(kept).not.toContain(base64.slice(0, 64));
      expect(kept).not.toContain(CARD.idNumber);
      const logged = JSON.stringify(lines);
      expect(lines.length).toBeGreaterThan(0);
      expect(logged).not.toContain(CARD.idNumber);
      expect(logged).not.toContain(CARD.name);
      expect(logged).not.toContain(base64.slice(0, 64));
    }
  });
});
