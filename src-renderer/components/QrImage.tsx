// A QR code drawn on the kiosk screen (the order QR the citizen scans with their payment app).
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

export function QrImage(props: { readonly content: string; readonly size: number; readonly label: string; readonly testId?: string }) {
  const [svg, setSvg] = useState<string>('');
  useEffect(() => {
    let alive = true;
    void QRCode.toString(props.content, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then((s) => alive && setSvg(s));
    return () => {
      alive = false;
    };
  }, [props.content]);
  return (
    <div
      className="qr-image"
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
      data-qr-content={props.content}
      style={{ width: props.size, height: props.size }}
      // The SVG comes from the qrcode library for our own string; it holds no markup from outside.
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}
