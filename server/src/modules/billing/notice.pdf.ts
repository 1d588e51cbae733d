import { cjkDocument, fenInWords, money } from './receipt.pdf.ts';

/** 缴费通知单 (R-FEE-3): one A4 page per room, to put on the door or hand over at the desk. */
export interface NoticeLine {
  item: string;
  period: string;
  /** "100.00 m² × 2.50 元/m²/月" — how the amount was found. */
  basis: string;
  amountFen: number;
  paidFen: number;
  dueDate: string;
  overdue: boolean;
}

export interface NoticeRoom {
  roomCode: string;
  buildingName: string | null;
  areaM2: string | null;
  lines: NoticeLine[];
  balanceFen: number;
}

export interface NoticeBatch {
  companyName: string;
  communityName: string;
  issuedOn: string;
  from: string;
  to: string;
  payment: { frontDesk: string | null; contactPhone: string | null; bankName: string | null; bankAccountName: string | null; bankAccountNo: string | null };
  rooms: NoticeRoom[];
}

export function renderNoticesPdf(n: NoticeBatch): Promise<Buffer> {
  const { doc, done } = cjkDocument({ size: 'A4', margin: 48, autoFirstPage: false, info: { Title: `缴费通知单 ${n.communityName}`, Author: n.companyName } });
  for (const r of n.rooms) {
    doc.addPage();
    const left = 48;
    const width = doc.page.width - 96;
    doc.font('zh-bold').fontSize(18).text(`${n.companyName}`, left, 48, { align: 'center', width });
    doc.fontSize(16).text('物业费用缴费通知单', { align: 'center', width });
    doc.moveDown(0.6).font('zh').fontSize(11);
    doc.text(`小区：${n.communityName}${r.buildingName ? `\u3000楼栋：${r.buildingName}` : ''}\u3000房号：${r.roomCode}${r.areaM2 ? `\u3000建筑面积：${r.areaM2} m²` : ''}`, left, doc.y, { width });
    doc.text(`通知日期：${n.issuedOn}\u3000本通知所列为 ${n.from} 至 ${n.to} 到期的费用及往期未缴费用`, { width });
    doc.moveDown(0.5);
    // Table: item | period | basis | amount | paid | owed | due date
    const cols = [left, left + 72, left + 118, left + 272, left + 324, left + 376, left + 428];
    const head = ['收费项目', '账期', '计费依据', '应收(元)', '已缴(元)', '欠缴(元)', '到期日'];
    let y = doc.y;
    doc.font('zh-bold').fontSize(9.5);
    head.forEach((h, i) => doc.text(h, cols[i], y, { width: (cols[i + 1] ?? left + width) - cols[i] - 4 }));
    y = doc.y + 2;
    doc.moveTo(left, y).lineTo(left + width, y).stroke();
    doc.font('zh').fontSize(9.5);
    let current = 0;
    let past = 0;
    for (const l of r.lines) {
      y += 4;
      const owed = l.amountFen - l.paidFen;
      if (l.overdue) past += owed;
      else current += owed;
      const cells = [l.item, l.period, l.basis, money(l.amountFen), money(l.paidFen), money(owed), `${l.dueDate}${l.overdue ? '\n已逾期' : ''}`];
      let h = 0;
      cells.forEach((c, i) => {
        const w = (cols[i + 1] ?? left + width) - cols[i] - 4;
        doc.text(c, cols[i], y, { width: w });
        h = Math.max(h, doc.heightOfString(c, { width: w }));
      });
      y += h;
    }
    y += 4;
    doc.moveTo(left, y).lineTo(left + width, y).stroke();
    doc.x = left;
    doc.y = y + 8;
    const total = current + past;
    const toPay = Math.max(0, total - r.balanceFen);
    doc.font('zh').fontSize(11);
    doc.text(`本期应缴：￥${money(current)}\u3000\u3000往期欠缴：￥${money(past)}\u3000\u3000预存余额：￥${money(r.balanceFen)}（自动抵扣）`, { width });
    doc.font('zh-bold').fontSize(12).text(`应缴合计：￥${money(toPay)}\u3000（大写：${fenInWords(toPay)}）`, { width });
    doc.moveDown(0.8).font('zh-bold').fontSize(11).text('缴费方式', { width });
    doc.font('zh').fontSize(10);
    doc.text('1. 线上缴费：业主 App「我的账单」→「缴费」，支持微信支付、支付宝，缴费后即时出具电子收据。', { width });
    doc.text(`2. 前台缴费：${n.payment.frontDesk ?? '物业服务中心前台'}（现金、刷卡）。`, { width });
    if (n.payment.bankAccountNo) {
      doc.text(`3. 银行转账：户名 ${n.payment.bankAccountName ?? n.companyName}，开户行 ${n.payment.bankName ?? '—'}，账号 ${n.payment.bankAccountNo}。转账时请在附言中注明房号「${r.roomCode}」。`, { width });
    }
    doc.moveDown(0.8).fontSize(10);
    doc.text(`请于到期日前缴纳。如有疑问请联系物业服务中心${n.payment.contactPhone ? `（电话 ${n.payment.contactPhone}）` : ''}。感谢您的支持与配合！`, { width });
    doc.moveDown(1.2).text(`${n.companyName}\u3000${n.communityName}物业服务中心`, { align: 'right', width });
    doc.text(n.issuedOn, { align: 'right', width });
  }
  doc.end();
  return done;
}
