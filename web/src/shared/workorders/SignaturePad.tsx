/**
 * A drawn signature on a canvas (mouse, pen or finger). The parent keeps a ref and calls
 * `toPng()` to get a PNG blob to upload, or null when nothing was drawn.
 */
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';

export interface SignaturePadHandle {
  toPng(): Promise<Blob | null>;
  clear(): void;
  isEmpty(): boolean;
}

export const SignaturePad = forwardRef<SignaturePadHandle, { height?: number; clearLabel: string; hint?: string; onChange?: (empty: boolean) => void }>(function SignaturePad(
  { height = 160, clearLabel, hint, onChange },
  ref,
) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const last = useRef<{ x: number; y: number } | null>(null);
  const [empty, setEmpty] = useState(true);

  // Match the backing store to the displayed size (sharp lines on phones).
  useEffect(() => {
    const c = canvas.current!;
    const ratio = window.devicePixelRatio || 1;
    const rect = c.getBoundingClientRect();
    c.width = Math.max(1, Math.round(rect.width * ratio));
    c.height = Math.max(1, Math.round(rect.height * ratio));
    const ctx = c.getContext('2d')!;
    ctx.scale(ratio, ratio);
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#111';
  }, []);

  const point = (e: React.PointerEvent) => {
    const r = canvas.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const mark = (isEmpty: boolean) => {
    setEmpty(isEmpty);
    onChange?.(isEmpty);
  };

  const clear = () => {
    const c = canvas.current!;
    c.getContext('2d')!.clearRect(0, 0, c.width, c.height);
    mark(true);
  };

  useImperativeHandle(ref, () => ({
    isEmpty: () => empty,
    clear,
    toPng() {
      if (empty) return Promise.resolve(null);
      return new Promise((resolve) => canvas.current!.toBlob((b) => resolve(b), 'image/png'));
    },
  }));

  return (
    <div>
      <canvas
        ref={canvas}
        data-testid="signature-pad"
        style={{ width: '100%', height, border: '1px dashed #bbb', borderRadius: 6, background: '#fff', touchAction: 'none', display: 'block', cursor: 'crosshair' }}
        onPointerDown={(e) => {
          (e.target as HTMLCanvasElement).setPointerCapture?.(e.pointerId);
          drawing.current = true;
          last.current = point(e);
          const ctx = canvas.current!.getContext('2d')!;
          ctx.beginPath();
          ctx.arc(last.current.x, last.current.y, 1, 0, Math.PI * 2);
          ctx.fill();
        }}
        onPointerMove={(e) => {
          if (!drawing.current || !last.current) return;
          const p = point(e);
          const ctx = canvas.current!.getContext('2d')!;
          ctx.beginPath();
          ctx.moveTo(last.current.x, last.current.y);
          ctx.lineTo(p.x, p.y);
          ctx.stroke();
          last.current = p;
          if (empty) mark(false);
        }}
        onPointerUp={() => {
          drawing.current = false;
          last.current = null;
        }}
        onPointerLeave={() => {
          drawing.current = false;
          last.current = null;
        }}
      />
      <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 12, color: '#999', marginTop: 4 }}>
        <span>{hint}</span>
        <a onClick={clear} data-testid="signature-clear">
          {clearLabel}
        </a>
      </div>
    </div>
  );
});
