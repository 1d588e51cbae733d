import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/**
 * 收据 PDF in Chinese (R-FEE-5) with the Noto Sans SC (Hans) font shipped by the npm package
 * @embedpdf/fonts-sc (SIL OFL 1.1) — embedded as a subset, no download at run time.
 */
const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');
const REGULAR = path.join(fontDir, 'NotoSansHans-Regular.otf');
const BOLD = path.join(fontDir, 'NotoSansHans-Bold.otf');
export const cjkFontAvailable = () => fs.existsSync(REGULAR);

/** A PDF document with the CJK fonts registered as 'zh' / 'zh-bold', resolved to its bytes on end(). */
export function cjkDocument(opts: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument(opts);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('zh', REGULAR);
  doc.registerFont('zh-bold', BOLD);
  return { doc, done };
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿'];

/** 大写金额: 12345 fen → 壹佰贰拾叁元肆角伍分 (integer arithmetic only). */
export function fenInWords(fen: number): string {
  if (fen === 0) return '零元整';
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cent = fen % 10;
  let words = '';
  if (yuan > 0) {
    const groups: number[] = [];
    for (let y = yuan; y > 0; y = Math.floor(y / 10000)) groups.push(y % 10000);
    let zero = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const n = groups[g];
      if (n === 0) {
        zero = words !== '';
        continue;
      }
      if (zero || (words !== '' && n < 1000)) words += '零';
      zero = false;
      let part = '';
      let pendingZero = false;
      for (let u = 3; u >= 0; u--) {
        const d = Math.floor(n / 10 ** u) % 10;
        if (d === 0) {
          pendingZero = part !== '';
          continue;
        }
        if (pendingZero) part += '零';
        pendingZero = false;
        part += DIGITS[d] + UNITS[u];
      }
      words += part + GROUPS[g];
    }
    words += '元';
  }
  if (jiao === 0 && cent === 0) return words + '整';
  if (jiao > 0) words += DIGITS[jiao] + '角';
  else if (yuan > 0) words += '零';
  if (cent > 0) words += DIGITS[cent] + '分';
  return words;
}

export interface ReceiptData {
  companyName: string;
  communityName: string;
  receiptNo: string;
  roomCode: string;
  payerName: string | null;
  method: string;
  amountFen: number;
  lines: Array<{ item: string; period: string; amountFen: number }>;
  prepaidFen: number;
  cashier: string;
  collectors: string[];
  at: string;
  status: string;
}

export const METHOD: Record<string, string> = { cash: '现金', card: '刷卡', bank_transfer: '银行转账', bank_withholding: '银行代扣', wechat: '微信支付', alipay: '支付宝' };
export const money = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

export function renderReceiptPdf(r: ReceiptData): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A5', layout: 'landscape', margin: 36, info: { Title: `收据 ${r.receiptNo}`, Author: r.companyName } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('zh', REGULAR);
    doc.registerFont('zh-bold', BOLD);
    doc.font('zh-bold').fontSize(16).text(`${r.companyName} 收款收据`, { align: 'center' });
    doc.font('zh').fontSize(9).text(`收据号：${r.receiptNo}${r.status === 'reversed' ? '（已冲正）' : ''}`, { align: 'right' });
    doc.moveDown(0.5).fontSize(10);
    doc.text(`小区：${r.communityName}    房号：${r.roomCode}    缴款人：${r.payerName ?? '—'}`);
    doc.text(`收款方式：${METHOD[r.method] ?? r.method}    收款时间：${r.at}`);
    doc.moveDown(0.5);
    const x = [36, 260, 400];
    const head = doc.y;
    doc.font('zh-bold').text('收费项目', x[0], head).text('账期', x[1], head).text('金额（元）', x[2], head);
    doc.font('zh');
    for (const l of r.lines) {
      const y = doc.y + 2;
      doc.text(l.item, x[0], y).text(l.period, x[1], y).text(money(l.amountFen), x[2], y);
    }
    if (r.prepaidFen > 0) {
      const y = doc.y + 2;
      doc.text('预存款', x[0], y).text('—', x[1], y).text(money(r.prepaidFen), x[2], y);
    }
    doc.moveDown(0.8);
    doc.font('zh-bold').text(`合计：￥${money(r.amountFen)}    大写：${fenInWords(r.amountFen)}`, x[0]);
    doc.font('zh').moveDown(0.5);
    doc.text(`收款人：${r.cashier}${r.collectors.length ? `    上门收费人员：${r.collectors.join('、')}` : ''}`);
    doc.end();
  });
}
