import { cjkDocument, fenInWords, money } from './receipt.pdf.ts';

/**
 * 书面催缴函 (R-FEE-6): the written demand letter of a dunning run. It states who owes what
 * for which periods and items, the contract clause and the legal basis, a payment deadline,
 * and leaves room for the company seal. It threatens nothing the law forbids (R-LAW-1).
 */
export interface LetterContent {
  letterNo: string;
  companyName: string;
  communityName: string;
  buildingName: string | null;
  roomCode: string;
  /** Owners of record; masked (张*) in the stored copy. */
  ownerNames: string[];
  issuedOn: string;
  payBy: string;
  asOf: string;
  lines: Array<{ item: string; period: string; dueDate: string; amountFen: number; paidFen: number; owedFen: number }>;
  totalFen: number;
  contractClause: string;
  frontDesk: string | null;
  contactPhone: string | null;
  bankLine: string | null;
}

/** Civil Code art. 944 (statute text): the basis of a written demand, and its limit. */
export const CIVIL_CODE_944 =
  '《中华人民共和国民法典》第九百四十四条：业主应当按照约定向物业服务人支付物业费。物业服务人已经按照约定和有关规定提供服务的，业主不得以未接受或者无需接受相关物业服务为由拒绝支付物业费。业主违反约定逾期不支付物业费的，物业服务人可以催告其在合理期限内支付；合理期限届满仍不支付的，物业服务人可以提起诉讼或者申请仲裁。物业服务人不得采取停止供电、供水、供热、供燃气等方式催交物业费。';

export function renderLetterPdf(c: LetterContent, opts: { withdrawn?: boolean } = {}): Promise<Buffer> {
  const { doc, done } = cjkDocument({ size: 'A4', margin: 56, info: { Title: `物业费催缴函 ${c.letterNo}`, Author: c.companyName } });
  const left = 56;
  const width = doc.page.width - 112;
  doc.font('zh-bold').fontSize(20).text('物业服务费催缴函', left, 56, { align: 'center', width });
  doc.font('zh').fontSize(9).text(`编号：${c.letterNo}${opts.withdrawn ? '（已撤回）' : ''}`, { align: 'right', width });
  doc.moveDown(0.8).fontSize(11.5);
  doc.font('zh-bold').text(`尊敬的 ${c.communityName}${c.buildingName ? ` ${c.buildingName}` : ''} ${c.roomCode} 房屋业主${c.ownerNames.length ? ` ${c.ownerNames.join('、')}` : ''}：`, { width });
  doc.font('zh').moveDown(0.4);
  doc.text(`经核对，截至 ${c.asOf}，您所有的上述房屋尚有下列物业服务费用逾期未交，合计人民币 ${money(c.totalFen)} 元（大写：${fenInWords(c.totalFen)}）。此前我司已向您发出友情提醒，但至今仍未收到上述款项。`, { width, indent: 23, lineGap: 3 });
  doc.moveDown(0.5);
  const cols = [left, left + 110, left + 180, left + 260, left + 330, left + 400];
  const head = ['收费项目', '账期', '到期日', '应收(元)', '已缴(元)', '欠缴(元)'];
  let y = doc.y;
  doc.font('zh-bold').fontSize(10);
  head.forEach((h, i) => doc.text(h, cols[i], y, { width: (cols[i + 1] ?? left + width) - cols[i] - 4 }));
  y = doc.y + 2;
  doc.moveTo(left, y).lineTo(left + width, y).stroke();
  doc.font('zh').fontSize(10);
  for (const l of c.lines) {
    y += 3;
    [l.item, l.period, l.dueDate, money(l.amountFen), money(l.paidFen), money(l.owedFen)].forEach((v, i) => doc.text(v, cols[i], y, { width: (cols[i + 1] ?? left + width) - cols[i] - 4 }));
    y = doc.y;
  }
  y += 3;
  doc.moveTo(left, y).lineTo(left + width, y).stroke();
  doc.font('zh-bold').text(`合计欠缴：￥${money(c.totalFen)}`, cols[3], y + 5, { width: left + width - cols[3] });
  doc.x = left;
  doc.moveDown(0.8).font('zh').fontSize(11.5);
  doc.text(`合同约定：${c.contractClause}`, left, doc.y, { width, lineGap: 3 });
  doc.moveDown(0.3).fontSize(10).text(`法律依据：${CIVIL_CODE_944}`, { width, lineGap: 2 });
  doc.moveDown(0.5).fontSize(11.5);
  doc.font('zh-bold').text(`请您于 ${c.payBy} 前交清上述费用。`, { width });
  doc.font('zh').text(
    `缴费方式：业主 App「我的账单」在线缴费（微信支付、支付宝）；或到${c.frontDesk ?? '物业服务中心前台'}缴纳${c.bankLine ? `；或银行转账（${c.bankLine}，附言请注明房号「${c.roomCode}」）` : ''}。如您对欠费金额有异议，请在上述期限内与我们联系核对${c.contactPhone ? `（电话 ${c.contactPhone}）` : ''}。逾期仍未交纳的，我司将依法通过诉讼或仲裁途径主张权利。`,
    { width, lineGap: 3 },
  );
  doc.moveDown(0.5).text('特此函告。', { width });
  // Seal placeholder: the company stamps the printed letter here.
  const sealY = doc.y + 20;
  const cx = left + width - 80;
  doc.save().dash(3, { space: 3 }).circle(cx, sealY + 50, 48).stroke().undash().restore();
  doc.fontSize(9).fillColor('#888').text('（公司盖章处）', cx - 40, sealY + 45, { width: 80, align: 'center' }).fillColor('black');
  doc.fontSize(11.5).text(c.companyName, left, sealY + 110, { width, align: 'right' });
  doc.text(c.issuedOn, { width, align: 'right' });
  doc.end();
  return done;
}
