import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';

/**
 * The watermark of a printed archive page (who/when, the same line as on exports). The server
 * logs the print and returns the text; it covers every printed page and is hidden on screen.
 */
export function PrintWatermark({ text }: { text: string | null }) {
  if (!text) return null;
  return <WatermarkLayer text={text} />;
}

/** Sets the watermark for one print: it stays until the browser reports the print finished. */
export function usePrintWatermark(): [string | null, (text: string) => void] {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    const done = () => setText(null);
    window.addEventListener('afterprint', done);
    return () => window.removeEventListener('afterprint', done);
  }, []);
  const start = (t: string) => {
    flushSync(() => setText(t));
    window.print();
  };
  return [text, start];
}

function WatermarkLayer({ text }: { text: string }) {
  const tiles = Array.from({ length: 24 }, (_, i) => i);
  return (
    <div className="pms-print-watermark" data-testid="print-watermark" aria-hidden>
      <style>{`
        .pms-print-watermark { display: none; }
        @media print {
          .pms-print-watermark { display: block; position: fixed; inset: 0; z-index: 3000; pointer-events: none; overflow: hidden; }
          .pms-print-watermark .line { position: fixed; top: 0; left: 0; right: 0; padding: 4px 8px; font-size: 11px; color: #c00000; background: #fff; border-bottom: 1px solid #c00000; }
          .pms-print-watermark .tiles { position: absolute; inset: -20%; display: flex; flex-wrap: wrap; align-content: space-around; justify-content: space-around; transform: rotate(-24deg); }
          .pms-print-watermark .tile { width: 34%; padding: 40px 0; text-align: center; font-size: 14px; color: rgba(192, 0, 0, 0.16); white-space: nowrap; }
          .ant-drawer-mask { background: #fff !important; }
          .ant-drawer-content-wrapper { width: 100% !important; top: 28px !important; box-shadow: none !important; }
          .ant-drawer .ant-btn, .ant-drawer .ant-drawer-close, .ant-drawer .ant-tabs-nav { display: none !important; }
        }
      `}</style>
      <div className="tiles">{tiles.map((i) => <span className="tile" key={i}>{text.replace(/^.*?。/, '')}</span>)}</div>
      <div className="line">{text}</div>
    </div>
  );
}
