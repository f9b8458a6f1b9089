// The front camera for 人证核验: the live picture (mirrored, as a mirror is what people expect) with
// an oval to put the face in, a big 拍照 button and a countdown that takes the photo by itself for
// those who do not tap. While the countdown runs it keeps a few small frames for the liveness seam.
// The photo is an unmirrored JPEG handed over once; nothing is kept after it.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { simulatedFace, simulatedFaceStream } from '../devpanel/simulatedCamera';

export interface CapturedFace {
  /** JPEG, base64 without the data: prefix. */
  readonly photo: string;
  /** Small JPEG frames taken during the countdown, oldest first. */
  readonly frames: readonly string[];
}

export interface FaceCaptureProps {
  /** Seconds before the photo is taken without a tap. */
  readonly countdownSeconds: number;
  readonly onCaptured: (face: CapturedFace) => void;
  /** No camera, or permission refused: the check cannot be done here. */
  readonly onUnavailable: () => void;
  /** Words beside the picture (below it in portrait), above the countdown and the button. */
  readonly aside?: ReactNode;
}

/** Longest side of the photo sent for comparison: enough for a face, small on the wire. */
const PHOTO_MAX_SIDE_PX = 640;
const PHOTO_QUALITY = 0.85;
/** The liveness frames: one a second, small, the last few kept. */
const FRAME_MAX_SIDE_PX = 160;
const FRAME_QUALITY = 0.7;
const MAX_FRAMES = 4;

type CameraState =
  | { readonly kind: 'starting' } // waiting for the camera
  | { readonly kind: 'live'; readonly secondsLeft: number } // the live picture, counting down
  | { readonly kind: 'taken' }; // the photo was handed over; the camera is off

function jpegOf(video: HTMLVideoElement, maxSide: number, quality: number): string | undefined {
  if (!video.videoWidth) return undefined;
  const scale = Math.min(1, maxSide / Math.max(video.videoWidth, video.videoHeight));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(video.videoWidth * scale);
  canvas.height = Math.round(video.videoHeight * scale);
  const context = canvas.getContext('2d');
  if (!context) return undefined;
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  const base64 = canvas.toDataURL('image/jpeg', quality).slice('data:image/jpeg;base64,'.length);
  // Release the pixels at once rather than when the canvas is collected.
  canvas.width = 0;
  canvas.height = 0;
  return base64;
}

export function FaceCapture(props: FaceCaptureProps) {
  const { t } = useTranslation('faceCheck');
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | undefined>(undefined);
  const framesRef = useRef<string[]>([]);
  const [camera, setCamera] = useState<CameraState>({ kind: 'starting' });
  const propsRef = useRef(props);
  propsRef.current = props;

  const stopCamera = () => {
    streamRef.current?.getTracks().forEach((track) => track.stop());
    streamRef.current = undefined;
  };

  useEffect(() => {
    let live = true;
    // The demo's developer panel may stand a simulated face in for the camera (never set in production).
    const face = simulatedFace();
    if (face === 'real' && !navigator.mediaDevices?.getUserMedia) {
      propsRef.current.onUnavailable();
      return;
    }
    const opened = face === 'real' ? navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } }, audio: false }) : Promise.resolve(simulatedFaceStream(face));
    opened
      .then((stream) => {
        if (!live) {
          stream.getTracks().forEach((track) => track.stop());
          return;
        }
        streamRef.current = stream;
        const video = videoRef.current;
        if (!video) return;
        video.srcObject = stream;
        void video.play().then(() => {
          if (live) setCamera({ kind: 'live', secondsLeft: propsRef.current.countdownSeconds });
        });
      })
      .catch(() => {
        if (live) propsRef.current.onUnavailable();
      });
    return () => {
      live = false;
      stopCamera();
      framesRef.current = [];
    };
  }, []);

  const take = () => {
    const video = videoRef.current;
    const photo = video ? jpegOf(video, PHOTO_MAX_SIDE_PX, PHOTO_QUALITY) : undefined;
    if (!photo) return;
    const frames = framesRef.current;
    framesRef.current = [];
    stopCamera();
    if (video) video.srcObject = null;
    setCamera({ kind: 'taken' });
    propsRef.current.onCaptured({ photo, frames });
  };

  // The countdown: one tick a second, a small liveness frame with each, the photo at zero.
  const secondsLeft = camera.kind === 'live' ? camera.secondsLeft : undefined;
  useEffect(() => {
    if (secondsLeft === undefined) return;
    if (secondsLeft <= 0) {
      take();
      return;
    }
    const tick = setTimeout(() => {
      const frame = videoRef.current ? jpegOf(videoRef.current, FRAME_MAX_SIDE_PX, FRAME_QUALITY) : undefined;
      if (frame) framesRef.current = [...framesRef.current, frame].slice(-MAX_FRAMES);
      setCamera({ kind: 'live', secondsLeft: secondsLeft - 1 });
    }, 1000);
    return () => clearTimeout(tick);
  }, [secondsLeft]);

  return (
    <div className="face-capture" data-testid="face-capture" data-camera={camera.kind}>
      <div className="face-capture__stage">
        <div className="face-capture__frame" hidden={camera.kind === 'taken'}>
          <video ref={videoRef} className="face-capture__video" muted playsInline aria-label={t('live')} />
          {camera.kind === 'live' && (
            <svg className="face-capture__guide" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
              <ellipse cx="50" cy="48" rx="26" ry="40" />
            </svg>
          )}
        </div>
        {camera.kind === 'starting' && <p className="face-capture__status">{t('starting')}</p>}
      </div>
      <div className="face-capture__side">
        {props.aside}
        <div className="face-capture__actions">
          <p className="face-capture__countdown" aria-live="polite" data-testid="face-countdown">
            {secondsLeft !== undefined ? t('countdown', { count: secondsLeft }) : ''}
          </p>
          <button type="button" className="button button--primary face-capture__take" data-testid="face-take" disabled={camera.kind !== 'live'} onClick={take}>
            {t('capture')}
          </button>
        </div>
      </div>
    </div>
  );
}
