// The names of the journey steps on screen (`JourneyLayout`'s `stepKey`), one union per journey.
// A step's key scrolls the body to the top and guards input when it changes; its family (the key
// without an instance suffix such as a form page) names its spoken prompt (`i18n/voice.ts`), so a
// screen whose key is missing here, or a key without a prompt, fails the typecheck.

/** The consent and card steps shared by every journey that reads the ID card (`journeys/shared`). */
export type CardStepKey = 'consent' | 'identify';

/** 人证核验 after the card where policy asks for it (`journeys/shared/faceCheck.ts`), and its ending at a window. */
export type FaceCheckStepKey = 'faceCheck' | 'faceCheck-failed';

/** 办事 and 一件事 (`applyMachine.ts`, `stepKeyOf`): a form page and a material at the camera carry their instance. */
export type ApplyStepKey =
  | CardStepKey
  | FaceCheckStepKey
  | 'browse'
  | 'loading'
  | 'guide'
  | `form-${number}`
  | 'materials'
  | `camera-${string}`
  | 'review'
  | 'signature'
  | 'result';

/** 缴费: the QR step differs by method (a code on screen, or the citizen's payment code scanned), the result by whether the fee is paid. */
export type PayStepKey = 'pay-find' | 'pay-confirm' | 'pay-qr-qrDisplayed' | 'pay-qr-paymentCode' | 'pay-cash' | 'pay-result-paid' | 'pay-result-unpaid';

/** 查询. */
export type QueryStepKey = 'query-enter' | 'query-found';

/** 打印证明: the result differs by whether the proof was printed, was issued but not (surely) printed, or was not issued. */
export type ProofStepKey = 'proof-choose' | 'proof-issuing' | 'proof-preview' | 'proof-printing' | 'proof-result-printed' | 'proof-result-notPrinted' | 'proof-result-notIssued';

/** 取证: the result differs by whether the certificate was printed. */
export type PickupStepKey = FaceCheckStepKey | 'pickup-loading' | 'pickup-list' | 'pickup-preview' | 'pickup-printing' | 'pickup-result-printed' | 'pickup-result-notPrinted';

export type StepKey = ApplyStepKey | PayStepKey | QueryStepKey | ProofStepKey | PickupStepKey;

/** A step key without its instance suffix: every page of a form is `form`, every material at the camera `camera`. */
export type StepFamily<K extends StepKey = StepKey> = K extends `form-${number}` ? 'form' : K extends `camera-${string}` ? 'camera' : K;

const FORM_PAGE = /^form-\d+$/;
const CAMERA = /^camera-/;

export function stepFamilyOf(key: StepKey): StepFamily {
  if (FORM_PAGE.test(key)) return 'form';
  if (CAMERA.test(key)) return 'camera';
  // The two suffixed families are handled above; every other key is its own family.
  return key as StepFamily;
}
