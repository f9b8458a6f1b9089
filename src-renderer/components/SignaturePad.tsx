// The on-screen signature: one finger (or pen) draws on a canvas; the result is a PNG (base64,
// no data: prefix) handed to the owner after each stroke. Pointer events cover touch, pen and
// mouse alike; the canvas takes no scrolling gestures while drawing.
import { useCallback, useEffect, useRef } from 'react';

export interface SignaturePadProps {
  readonly label: string;
  readonly clearLabel: string;
  /** Called after each stroke with the PNG, or undefined after clearing. */
  readonly onChange: (pngBase64: string | undefined) => void;
}

/** Canvas pixels per CSS pixel: a crisp line on the receipt and the archive copy. */
const PIXEL_RATIO = 2;
const LINE_WIDTH_CSS_PX = 4;

export function SignaturePad(props: SignaturePadProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const { onChange } = props;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const rect = canvas.getBoundingClientRect();
    canvas.width = Math.round(rect.width * PIXEL_RATIO);
    canvas.height = Math.round(rect.height * PIXEL_RATIO);
    const context = canvas.getContext('2d');
    if (!context) return;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.lineWidth = LINE_WIDTH_CSS_PX * PIXEL_RATIO;
    context.strokeStyle = '#000000';
  }, []);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) / rect.width) * e.currentTarget.width, y: ((e.clientY - rect.top) / rect.height) * e.currentTarget.height };
  };

  const clear = useCallback(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    onChange(undefined);
  }, [onChange]);

  return (
    <div className="signature">
      <canvas
        ref={canvasRef}
        className="signature__canvas"
        data-testid="signature-pad"
        role="img"
        aria-label={props.label}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          drawing.current = true;
          const context = e.currentTarget.getContext('2d');
          const p = point(e);
          context?.beginPath();
          context?.moveTo(p.x, p.y);
          context?.lineTo(p.x + 0.1, p.y + 0.1);
          context?.stroke();
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const context = e.currentTarget.getContext('2d');
          const p = point(e);
          context?.lineTo(p.x, p.y);
          context?.stroke();
        }}
        onPointerUp={(e) => {
          if (!drawing.current) return;
          drawing.current = false;
          onChange(e.currentTarget.toDataURL('image/png').slice('data:image/png;base64,'.length));
        }}
        onPointerCancel={() => (drawing.current = false)}
      />
      <button type="button" className="button" data-testid="signature-clear" onClick={clear}>
        {props.clearLabel}
      </button>
    </div>
  );
}
