// The 人证核验 step's body (issue #16 item 16), shared by 取证 and 办事: why the photo is taken and
// that it is not kept, the camera, the comparison in flight, and why the last photo was not
// accepted. It sends the photo to FaceCheck.Verify itself and dispatches only the outcome, so the
// photo never enters a journey's state. FaceCheckFailed is the journey's end when it fails.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../../app/KioskContext';
import { FaceCapture, type CapturedFace } from '../../components/FaceCapture';
import { ResultScreen } from '../../components/journey/ResultScreen';
import { useErrorSentence } from '../../i18n/useErrorSentence';
import type { FaceCheckEvent, FaceCheckFailure, FaceCheckPhase } from './faceCheck';
import { problemOf } from './problems';

/** Seconds before the photo takes itself, stretched in elderly mode like every wait. */
const COUNTDOWN_SECONDS = 5;

export function FaceCheckStep(props: { readonly phase: Exclude<FaceCheckPhase, { kind: 'failed' }>; readonly dispatch: (event: FaceCheckEvent) => void }) {
  const { t } = useTranslation('faceCheck');
  const errorSentence = useErrorSentence();
  const kiosk = useKiosk();
  const { phase, dispatch } = props;
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const send = (face: CapturedFace) => {
    dispatch({ type: 'faceCaptured' });
    void kiosk.client.call('FaceCheck.Verify', { photo: { mimeType: 'image/jpeg', base64: face.photo }, frames: [...face.frames] }).then((r) => {
      if (mounted.current) dispatch(r.ok ? { type: 'faceVerified' } : { type: 'faceRejected', failure: problemOf('FaceCheck.Verify', r.error) });
    });
  };
  const countdown = Math.round(COUNTDOWN_SECONDS * (kiosk.elderly ? kiosk.status.ui.elderlyTimeoutFactor : 1));

  return (
    <section className="card face-check" data-testid="face-check" data-phase={phase.kind} aria-labelledby="face-check-title">
      <h2 id="face-check-title" className="section-title">
        {phase.kind === 'camera' && phase.retryBecause ? t('retry') : t('title')}
      </h2>
      {phase.kind === 'camera' && phase.retryBecause && (
        <p className="notice notice--warn" role="alert" data-testid="face-retry-reason">
          {errorSentence(phase.retryBecause.method, phase.retryBecause.error)}
        </p>
      )}
      {phase.kind === 'camera' ? (
        // A new attempt is a new camera: the countdown starts again.
        <FaceCapture
          key={phase.attempt}
          countdownSeconds={countdown}
          onCaptured={send}
          onUnavailable={() => dispatch({ type: 'faceRejected', failure: 'noCamera' })}
          aside={
            <>
              <p className="lead">{t('hint')}</p>
              <p className="face-check__why">{t('why')}</p>
            </>
          }
        />
      ) : (
        <div className="face-check__verifying" role="status" data-testid="face-verifying">
          <div className="spinner" aria-hidden="true" />
          <p className="lead">{t('verifying')}</p>
          <p className="face-check__why">{t('why')}</p>
        </div>
      )}
    </section>
  );
}

/** The end of a journey at the face check: 请到人工窗口办理, why, and that nothing was kept or sent. */
export function FaceCheckFailed(props: { readonly failure: FaceCheckFailure; readonly title: string; readonly steps: readonly string[]; readonly current: number; readonly testId: string }) {
  const { t } = useTranslation('faceCheck');
  const errorSentence = useErrorSentence();
  const reason = props.failure === 'noCamera' ? t('noCamera') : errorSentence(props.failure.method, props.failure.error);
  return (
    <ResultScreen title={props.title} stepKey="faceCheck-failed" steps={props.steps} current={props.current} tone="error" headline={t('failedHeadline')} testId={props.testId}>
      <section className="card face-check__failed" data-testid="face-check-failed">
        <p className="lead" data-testid="face-check-reason">
          {reason}
        </p>
        <p>{t('wiped')}</p>
      </section>
    </ResultScreen>
  );
}
