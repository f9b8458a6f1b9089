// 人证核验 in the core: checks the live photo against the card read in this session through the
// platform's identity-verification endpoint, counts the attempts, and remembers — in the session's
// memory only — that this card's holder was verified, so 取证 and marked applications can refuse
// without it. The photo and frames are wiped (zero-filled) as soon as the answer is in, whatever
// it is; nothing is written to disk, to the outbox or to a log line (ADR 0019).
import crypto from 'node:crypto';
import { FACE_CHECK_MAX_ATTEMPTS, type faceCheckMethods } from '../../../src-common/api/faceCheck';
import type { ErrorCodeOf } from '../../../src-common/api/contract';
import type { IdCardData } from '../../../src-common/api/devices';
import { apiError, type MethodError } from '../../../src-common/api/envelope';
import { err, ok, type Result } from '../../../src-common/result';
import { IdentityVerifyResponse, type IdentityVerifyRequest } from '../../../src-common/wire/identityWire';
import { serviceId } from '../composition/serviceId';
import type { Logger } from '../../../src-common/logging';
import type { ActiveSession } from '../session/SessionService';
import { SESSION_ID_CARD_KEY, sessionIdCard } from '../session/sessionIdCard';
import type { PlatformClient, PlatformFailure } from '../sync/PlatformClient';
import { wireVerdict, type LivenessCheck } from './LivenessCheck';

export type FaceCheckError = MethodError<ErrorCodeOf<(typeof faceCheckMethods)['FaceCheck.Verify']>>;

/** How long a citizen waits for the verdict before the kiosk sends them to a window. */
export const FACE_VERIFY_TIMEOUT_MS = 10_000;

/** Where the session keeps its face-check state (wiped with the session's other data). */
const SESSION_FACE_CHECK_KEY = 'faceCheck';

/** The session's face-check state: the attempts used and, once verified, whose card it was. */
interface SessionFaceCheck {
  readonly attempts: number;
  /** Keyed hash of the verified card's number: a second card read in the session is not verified. */
  readonly verifiedCard?: string;
}

/** The platform call, as a port: the real one is `platformIdentityVerifier`, tests give a fake. */
export interface IdentityVerifier {
  verify(request: IdentityVerifyRequest, signal: AbortSignal): Promise<Result<IdentityVerifyResponse, PlatformFailure>>;
}

export function platformIdentityVerifier(platform: PlatformClient): IdentityVerifier {
  return {
    verify: (request, signal) => platform.signed('POST', '/v1/identity/verify', request, IdentityVerifyResponse, { signal }),
  };
}

export interface FaceCheckServiceOptions {
  readonly verifier: IdentityVerifier;
  readonly liveness: LivenessCheck;
  readonly log: Logger;
  readonly timeoutMs?: number;
}

/** The photo as it arrived: JPEG bytes the service wipes when it is done. */
export interface FacePhoto {
  readonly photo: Buffer;
  readonly frames: readonly Buffer[];
}

function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

export class FaceCheckService {
  private readonly log: Logger;
  /** A per-process key for the card binding: the hash is useless outside this run. */
  private readonly bindingKey = crypto.randomBytes(32);

  constructor(private readonly options: FaceCheckServiceOptions) {
    this.log = options.log.child('faceCheck');
  }

  /** Whether the holder of the card read in this session passed 人证核验 in this session. */
  isVerified(session: ActiveSession): boolean {
    const card = sessionIdCard(session);
    const state = this.stateOf(session);
    return Boolean(card && state.verifiedCard && state.verifiedCard === this.bind(card));
  }

  /**
   * Compares the photo with the authority's photo of the session's card. Resolves after the
   * photo and frames were zero-filled, on every path. A mismatch leaves `attemptsLeft`; after the
   * last attempt, or when the check cannot be done at all, the session's card is wiped, so the
   * journey cannot go on with it.
   */
  async verify(session: ActiveSession, input: FacePhoto): Promise<Result<{ score: number }, FaceCheckError>> {
    try {
      return await this.compare(session, input);
    } finally {
      input.photo.fill(0);
      for (const frame of input.frames) frame.fill(0);
    }
  }

  private async compare(session: ActiveSession, input: FacePhoto): Promise<Result<{ score: number }, FaceCheckError>> {
    const card = sessionIdCard(session);
    if (!card) return err(apiError('sequenceError', 'noCardRead', 'face check needs an ID card read in this session'));
    if (!card.checkDigitValid) return err(apiError('userError', 'checkDigitInvalid', 'the ID card number fails its check digit; a staffed window checks the holder'));
    if (!isJpeg(input.photo) || !input.frames.every(isJpeg)) return err(apiError('invalidData', 'photoInvalid', 'the photo or a liveness frame is not a JPEG'));
    const state = this.stateOf(session);
    if (state.attempts >= FACE_CHECK_MAX_ATTEMPTS) return this.endCheck(session, apiError('userError', 'attemptsExhausted', 'every allowed face check attempt of this session was used'));
    this.setState(session, { attempts: state.attempts + 1 });
    const attemptsLeft = FACE_CHECK_MAX_ATTEMPTS - (state.attempts + 1);

    const liveness = await this.options.liveness.check(input.frames);
    if (liveness.kind === 'failed') {
      this.log.warn('faceCheck.liveness_failed', { checker: this.options.liveness.checker, reason: liveness.reason });
      return this.endCheck(session, apiError('userError', 'livenessFailed', `liveness check by ${this.options.liveness.checker} failed`));
    }

    const answer = await this.ask(card, input.photo, { verdict: wireVerdict(liveness), checker: this.options.liveness.checker });
    if (!answer.ok) {
      this.log.warn('faceCheck.unavailable', { failure: answer.error.kind, ...(answer.error.kind === 'http' ? { status: answer.error.status } : {}) });
      return this.endCheck(session, apiError('deviceNotReady', 'platformUnavailable', `identity verification failed: ${answer.error.kind}`));
    }
    const { outcome, score } = answer.value;
    this.log.info('faceCheck.answered', { outcome, score, attempt: state.attempts + 1, liveness: liveness.kind });
    switch (outcome) {
      case 'match':
        this.setState(session, { attempts: state.attempts + 1, verifiedCard: this.bind(card) });
        return ok({ score });
      case 'noMatch':
        return attemptsLeft > 0
          ? err(apiError('userError', 'faceMismatch', 'the live photo does not match the authority photo', { attemptsLeft }))
          : this.endCheck(session, apiError('userError', 'attemptsExhausted', 'the last allowed photo did not match either'));
      case 'noFace':
        return attemptsLeft > 0
          ? err(apiError('userError', 'noFace', 'no usable face in the photo', { attemptsLeft }))
          : this.endCheck(session, apiError('userError', 'attemptsExhausted', 'the last allowed photo showed no usable face'));
      case 'noReference':
        return this.endCheck(session, apiError('userError', 'noReference', 'the authority holds no photo for this card'));
    }
  }

  /** One platform call, bounded by the timeout; a call still running then is abandoned (aborted). */
  private async ask(card: IdCardData, photo: Buffer, liveness: IdentityVerifyRequest['liveness']): Promise<Result<IdentityVerifyResponse, PlatformFailure>> {
    const timeoutMs = this.options.timeoutMs ?? FACE_VERIFY_TIMEOUT_MS;
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<Result<IdentityVerifyResponse, PlatformFailure>>((resolve) => {
      timer = setTimeout(() => {
        abort.abort();
        resolve(err({ kind: 'unreachable', message: `no answer in ${timeoutMs} ms` }));
      }, timeoutMs);
    });
    try {
      const request: IdentityVerifyRequest = { holder: { name: card.name, idNumber: card.idNumber }, photo: { mimeType: 'image/jpeg', base64: photo.toString('base64') }, liveness };
      return await Promise.race([this.options.verifier.verify(request, abort.signal), timedOut]);
    } catch (e) {
      return err({ kind: 'unreachable', message: (e as Error).name });
    } finally {
      clearTimeout(timer);
    }
  }

  /** A final failure: the card leaves the session, so nothing can be half-done with it. */
  private endCheck(session: ActiveSession, error: FaceCheckError): Result<never, FaceCheckError> {
    session.data.delete(SESSION_ID_CARD_KEY);
    this.setState(session, { attempts: FACE_CHECK_MAX_ATTEMPTS });
    return err(error);
  }

  private stateOf(session: ActiveSession): SessionFaceCheck {
    return (session.data.get(SESSION_FACE_CHECK_KEY) as SessionFaceCheck | undefined) ?? { attempts: 0 };
  }

  private setState(session: ActiveSession, state: SessionFaceCheck): void {
    session.data.set(SESSION_FACE_CHECK_KEY, state);
  }

  private bind(card: IdCardData): string {
    return crypto.createHmac('sha256', this.bindingKey).update(card.idNumber).digest('hex');
  }
}

/** The face-check service (faceCheck module): 取证 and applications ask it whether the holder was checked. */
export const FaceCheckServiceId = serviceId<FaceCheckService>('faceCheck');
