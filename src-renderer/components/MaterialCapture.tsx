// Photographs a material with the kiosk's camera (getUserMedia): paper under the document camera
// (高拍仪), or the applicant's 证件照 facing the screen. The citizen can turn it in quarter turns
// and trim its edges with big buttons before using it; the adjustments sit apart from "使用这张"
// and "取消" so a tap meant for one never lands on the other. The result is a JPEG (base64, no
// data: prefix), scaled down to what a clerk needs, well under the API's image limit.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface MaterialCaptureProps {
  readonly materialName: string;
  /** Paper under the document camera, or the applicant's own portrait. */
  readonly kind: 'document' | 'portrait';
  readonly onCaptured: (image: { mimeType: 'image/jpeg'; base64: string }) => void;
  readonly onCancel: () => void;
}

/** Longest side of the stored photo: A4 text stays legible at this size. */
const MAX_SIDE_PX = 1600;
const JPEG_QUALITY = 0.82;
/** Each crop tap trims this share of the width and height from every edge. */
const CROP_STEP = 0.05;
const MAX_CROP = 0.3;

type CaptureStep =
  | { readonly kind: 'starting' } // waiting for the camera
  | { readonly kind: 'live' } // the live picture; "take photo" is enabled
  | { readonly kind: 'unavailable' } // no camera or permission refused
  | { readonly kind: 'preview'; readonly frame: HTMLCanvasElement }; // a frame was taken; rotate/crop/use/retake

export function MaterialCapture(props: MaterialCaptureProps) {
  const { t } = useTranslation('apply');
  const videoRef = useRef<HTMLVideoElement>(null);
  const previewRef = useRef<HTMLCanvasElement>(null);
  const streamRef = useRef<MediaStream | undefined>(undefined);
  const [step, setStep] = useState<CaptureStep>({ kind: 'starting' });
  const [quarterTurns, setQuarterTurns] = useState(0);
  const [crop, setCrop] = useState(0);

  const startCamera = () => {
    setStep({ kind: 'starting' });
    if (!navigator.mediaDevices?.getUserMedia) {
      setStep({ kind: 'unavailable' });
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ video: { width: { ideal: 1920 }, height: { ideal: 1080 } }, audio: false })
      .then((stream) => {
        streamRef.current = stream;
        const video = videoRef.current;
        if (!video) return;
        video.srcObject = stream;
        void video.play().then(() => setStep({ kind: 'live' }));
      })
      .catch(() => setStep({ kind: 'unavailable' }));
  };

  const stopCamera = () => {
    streamRef.current?.getTracks().forEach((track) => track.stop());
    streamRef.current = undefined;
  };

  useEffect(() => {
    startCamera();
    return stopCamera;
  }, []);

  // Draws the taken frame with the current rotation and crop into the preview canvas.
  useEffect(() => {
    if (step.kind !== 'preview' || !previewRef.current) return;
    render(step.frame, previewRef.current, quarterTurns, crop);
  }, [step, quarterTurns, crop]);

  const take = () => {
    const video = videoRef.current;
    if (!video || !video.videoWidth) return;
    const frame = document.createElement('canvas');
    const scale = Math.min(1, MAX_SIDE_PX / Math.max(video.videoWidth, video.videoHeight));
    frame.width = Math.round(video.videoWidth * scale);
    frame.height = Math.round(video.videoHeight * scale);
    frame.getContext('2d')?.drawImage(video, 0, 0, frame.width, frame.height);
    stopCamera();
    setQuarterTurns(0);
    setCrop(0);
    setStep({ kind: 'preview', frame });
  };

  const use = () => {
    const canvas = previewRef.current;
    if (!canvas) return;
    props.onCaptured({ mimeType: 'image/jpeg', base64: canvas.toDataURL('image/jpeg', JPEG_QUALITY).slice('data:image/jpeg;base64,'.length) });
  };

  return (
    <section className="capture card" data-testid="material-capture" aria-labelledby="capture-title">
      <h2 id="capture-title" className="capture__title">
        {t('camera.title', { name: props.materialName })}
      </h2>
      <p className="capture__hint">{t(props.kind === 'portrait' ? 'camera.portraitHint' : 'camera.hint')}</p>
      <div className="capture__stage">
        <video ref={videoRef} className="capture__video" muted playsInline aria-label={t('camera.live')} hidden={step.kind === 'preview' || step.kind === 'unavailable'} />
        {step.kind === 'preview' && <canvas ref={previewRef} className="capture__preview" data-testid="capture-preview" role="img" aria-label={t('camera.preview')} />}
        {step.kind === 'starting' && <p className="capture__status">{t('camera.starting')}</p>}
        {step.kind === 'unavailable' && (
          <p className="notice notice--warn" role="alert">
            {t('camera.noCamera')}
          </p>
        )}
      </div>
      {step.kind === 'preview' && (
        <div className="capture__adjust" role="group" aria-label={t('camera.adjust')}>
          <button type="button" className="button" data-testid="capture-rotate" onClick={() => setQuarterTurns((q) => (q + 1) % 4)}>
            <span aria-hidden="true">⟳ </span>
            {t('camera.rotate')}
          </button>
          <button type="button" className="button" data-testid="capture-crop-in" disabled={crop >= MAX_CROP} onClick={() => setCrop((c) => Math.min(MAX_CROP, c + CROP_STEP))}>
            {t('camera.cropIn')}
          </button>
          <button type="button" className="button" data-testid="capture-crop-out" disabled={crop <= 0} onClick={() => setCrop((c) => Math.max(0, c - CROP_STEP))}>
            {t('camera.cropOut')}
          </button>
        </div>
      )}
      <div className="capture__actions">
        <button type="button" className="button" data-testid="capture-cancel" onClick={props.onCancel}>
          {t('camera.cancel')}
        </button>
        <span className="capture__main">
          {step.kind === 'preview' ? (
            <>
              <button type="button" className="button" data-testid="capture-retake" onClick={startCamera}>
                {t('camera.retake')}
              </button>
              <button type="button" className="button button--primary" data-testid="capture-use" onClick={use}>
                <span aria-hidden="true">✓ </span>
                {t('camera.use')}
              </button>
            </>
          ) : (
            <button type="button" className="button button--primary" data-testid="capture-take" disabled={step.kind !== 'live'} onClick={take}>
              {t('camera.capture')}
            </button>
          )}
        </span>
      </div>
    </section>
  );
}

/** Crops `crop` of each edge of the frame, then rotates by quarter turns, into `target`. */
function render(frame: HTMLCanvasElement, target: HTMLCanvasElement, quarterTurns: number, crop: number): void {
  const sx = Math.round(frame.width * crop);
  const sy = Math.round(frame.height * crop);
  const sw = frame.width - 2 * sx;
  const sh = frame.height - 2 * sy;
  const sideways = quarterTurns % 2 === 1;
  target.width = sideways ? sh : sw;
  target.height = sideways ? sw : sh;
  const context = target.getContext('2d');
  if (!context) return;
  context.save();
  context.translate(target.width / 2, target.height / 2);
  context.rotate((quarterTurns * Math.PI) / 2);
  context.drawImage(frame, sx, sy, sw, sh, -sw / 2, -sh / 2, sw, sh);
  context.restore();
}
