// The 人证核验 step in the journeys' pure state machines (#16 item 16): where it comes (取证 always;
// an application marked for it, or for someone else), another photo after a mismatch while the core
// leaves attempts, the end of the journey otherwise, and a check passed once in the session kept
// for that card only.
import { describe, expect, it } from 'vitest';
import type { IdCardData } from '../../../src-common/api/devices';
import { fen } from '../../../src-common/domain/money';
import { applyReducer, initialApplyState, type ApplyEvent, type ApplyState } from '../../../src-renderer/journeys/apply/applyMachine';
import { cardFieldsToRead, type JourneyTarget } from '../../../src-renderer/journeys/apply/journeyTarget';
import { INITIAL_PICKUP_STATE, pickupReducer, type PickupEvent, type PickupState } from '../../../src-renderer/journeys/proof/pickupMachine';
import { FACE_CHECK_START, faceCheckReducer } from '../../../src-renderer/journeys/shared/faceCheck';
import type { ServiceProblem } from '../../../src-renderer/journeys/shared/problems';
import { SIMULATED_FACE_PATTERNS } from '../../../src-renderer/devpanel/simulatedCamera';
import { REFERENCE_FACES } from '../../../platform/server/identity/referenceAuthority';

const runPickup = (state: PickupState, ...events: PickupEvent[]) => events.reduce(pickupReducer, state);
const runApply = (state: ApplyState, ...events: ApplyEvent[]) => events.reduce(applyReducer, state);

const rejected = (errorCode: string, attemptsLeft?: number): ServiceProblem => ({
  method: 'FaceCheck.Verify',
  error: { code: errorCode === 'platformUnavailable' ? 'deviceNotReady' : 'userError', errorCode, ...(attemptsLeft !== undefined ? { params: { attemptsLeft } } : {}) },
});

const CARD: IdCardData = {
  cardType: 'resident', name: '王建国', sex: '男', birthDate: '1980-01-01', address: '湖北省黄石市下陆区示例大道100号', idNumber: '420204198001010018',
  issuer: '黄石市公安局下陆分局', validFrom: '2015-06-01', validTo: '2035-06-01', checkDigitValid: true, idNumberCheck: 'gb11643', nation: '汉', hasPhoto: true,
};

function target(faceCheck: boolean, id = 'funeral-allowance'): JourneyTarget {
  return {
    kind: 'item', id, name: { zh: '丧葬补助金和抚恤金申领', en: 'Funeral allowance' }, itemIds: [id], itemNames: [{ zh: '丧葬补助金和抚恤金申领', en: 'Funeral allowance' }],
    fields: [{ key: 'applicantName', field: { key: 'applicantName', label: { zh: '申请人姓名', en: 'Name' }, type: 'text', validation: { required: true }, source: 'idCard.name' }, serves: [] }],
    materials: [], feeFen: fen(0), capabilities: [], identity: 'idCard', faceCheck, guide: { completion: 'atKiosk', bothPartiesInPerson: false, notes: [] },
  };
}

/** An application opened from the catalog up to its guide. */
function atGuide(state: ApplyState, faceCheck: boolean): ApplyState {
  return runApply(state, { type: 'choose', choice: { kind: 'item', id: 'funeral-allowance' } }, { type: 'loaded', target: target(faceCheck), reusedAnswers: {}, reusedMaterials: {} });
}

describe('faceCheckReducer', () => {
  it('a photo is compared once; a match ends the step', () => {
    const verifying = faceCheckReducer(FACE_CHECK_START, { type: 'faceCaptured' });
    expect(verifying).toEqual({ kind: 'verifying', attempt: 1 });
    // A second capture while one is compared changes nothing.
    expect(faceCheckReducer(verifying as never, { type: 'faceCaptured' })).toBe(verifying);
    expect(faceCheckReducer(verifying as never, { type: 'faceVerified' })).toBe('verified');
    // A verdict that arrives while the camera is live (none was asked) is ignored.
    expect(faceCheckReducer(FACE_CHECK_START, { type: 'faceVerified' })).toBe(FACE_CHECK_START);
  });

  it('a mismatch or no face with attempts left asks for another photo, saying why', () => {
    const verifying = { kind: 'verifying', attempt: 1 } as const;
    expect(faceCheckReducer(verifying, { type: 'faceRejected', failure: rejected('faceMismatch', 2) })).toEqual({ kind: 'camera', attempt: 2, retryBecause: rejected('faceMismatch', 2) });
    expect(faceCheckReducer(verifying, { type: 'faceRejected', failure: rejected('noFace', 1) })).toEqual({ kind: 'camera', attempt: 2, retryBecause: rejected('noFace', 1) });
  });

  it('no attempts left, no reference photo, the platform unavailable or no camera end the journey', () => {
    const verifying = { kind: 'verifying', attempt: 3 } as const;
    for (const failure of [rejected('faceMismatch', 0), rejected('attemptsExhausted'), rejected('noReference'), rejected('platformUnavailable'), rejected('livenessFailed')]) {
      expect(faceCheckReducer(verifying, { type: 'faceRejected', failure })).toEqual({ kind: 'failed', failure });
    }
    expect(faceCheckReducer(FACE_CHECK_START, { type: 'faceRejected', failure: 'noCamera' })).toEqual({ kind: 'failed', failure: 'noCamera' });
    // Ended is ended: nothing moves it on.
    const failed = { kind: 'failed', failure: 'noCamera' } as const;
    expect(faceCheckReducer(failed, { type: 'faceVerified' })).toBe(failed);
    expect(faceCheckReducer(failed, { type: 'faceCaptured' })).toBe(failed);
  });
});

describe('取证 with 人证核验', () => {
  it('always checks the face after the card, and lists nothing until it passed', () => {
    const atFace = runPickup(INITIAL_PICKUP_STATE, { type: 'consentGiven' }, { type: 'cardRead' });
    expect(atFace).toEqual({ kind: 'faceCheck', face: FACE_CHECK_START });
    expect(pickupReducer(atFace, { type: 'listed', entries: [] })).toBe(atFace);
    expect(runPickup(atFace, { type: 'faceCaptured' }, { type: 'faceVerified' })).toEqual({ kind: 'loading' });
  });

  it('ends at the window after a final refusal', () => {
    const failed = runPickup(INITIAL_PICKUP_STATE, { type: 'consentGiven' }, { type: 'cardRead' }, { type: 'faceCaptured' }, { type: 'faceRejected', failure: rejected('platformUnavailable') });
    expect(failed).toEqual({ kind: 'faceCheck', face: { kind: 'failed', failure: rejected('platformUnavailable') } });
    expect(pickupReducer(failed, { type: 'listed', entries: [] })).toBe(failed);
  });
});

describe('办事 with 人证核验', () => {
  it('an application that needs it checks the face after the card, then opens the form', () => {
    let s = atGuide(initialApplyState(), true);
    s = runApply(s, { type: 'next' }, { type: 'consent', at: '2026-12-05T10:00:00Z' }, { type: 'cardRead', card: CARD, fields: ['name', 'idNumber'] });
    expect(s.step).toEqual({ kind: 'faceCheck', face: FACE_CHECK_START });
    // 返回 from the live camera goes back to the catalog; the card stays for the session.
    expect(applyReducer(s, { type: 'back' }).step).toEqual({ kind: 'browse' });
    s = runApply(s, { type: 'faceCaptured' });
    // While the photo is compared, 返回 waits for the answer.
    expect(applyReducer(s, { type: 'back' })).toBe(s);
    s = applyReducer(s, { type: 'faceVerified' });
    expect(s.step).toEqual({ kind: 'form', page: 0, showProblems: false });
    expect(s.faceVerified).toBe(true);
  });

  it('one that does not need it goes from the card to the form', () => {
    const s = runApply(atGuide(initialApplyState(), false), { type: 'next' }, { type: 'consent', at: '2026-12-05T10:00:00Z' }, { type: 'cardRead', card: CARD, fields: ['name', 'idNumber'] });
    expect(s.step.kind).toBe('form');
  });

  it('the next marked item of the session is not checked twice; with the card already read it asks for the face at once', () => {
    const read = { card: CARD, cardRead: cardFieldsToRead(target(true)), consentAt: '2026-12-05T10:00:00Z' };
    expect(runApply(atGuide(initialApplyState({ ...read, faceVerified: true }), true), { type: 'next' }).step.kind).toBe('form');
    expect(runApply(atGuide(initialApplyState(read), true), { type: 'next' }).step).toEqual({ kind: 'faceCheck', face: FACE_CHECK_START });
  });

  it('another card read is another person: the check passed before does not carry over', () => {
    const s = atGuide(initialApplyState({ faceVerified: true, card: CARD, cardRead: ['name'], consentAt: '2026-12-05T10:00:00Z' }), true);
    const other = runApply(s, { type: 'next' }, { type: 'consent', at: '2026-12-05T10:01:00Z' }, { type: 'cardRead', card: { ...CARD, idNumber: '420202195807150029', name: '陈秀英' }, fields: ['name', 'idNumber'] });
    expect(other.step).toEqual({ kind: 'faceCheck', face: FACE_CHECK_START });
    expect(other.faceVerified).toBe(false);
  });

  it('a final refusal ends the application: neither 返回 nor a late answer moves it on', () => {
    let s = atGuide(initialApplyState(), true);
    s = runApply(s, { type: 'next' }, { type: 'consent', at: '2026-12-05T10:00:00Z' }, { type: 'cardRead', card: CARD, fields: ['name', 'idNumber'] }, { type: 'faceCaptured' }, { type: 'faceRejected', failure: rejected('noReference') });
    expect(s.step).toEqual({ kind: 'faceCheck', face: { kind: 'failed', failure: rejected('noReference') } });
    expect(runApply(s, { type: 'back' }, { type: 'faceVerified' }, { type: 'next' })).toBe(s);
  });
});

describe('the demo panel’s simulated faces', () => {
  it('are the reference platform’s test faces', () => {
    expect(SIMULATED_FACE_PATTERNS).toEqual({ holder: REFERENCE_FACES.demoResident, stranger: REFERENCE_FACES.stranger });
  });
});
