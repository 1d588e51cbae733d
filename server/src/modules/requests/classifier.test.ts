import { describe, expect, it } from 'vitest';
import { classify } from './classifier.ts';

// Realistic front-desk sentences → [category, urgency, a word that must be shown to the clerk]
const CASES: Array<[string, string, string, string]> = [
  ['3栋2单元电梯困人了，里面有老人，快来人！', 'elevator', 'emergency', '电梯困人'],
  ['我被困在电梯里了，电梯停在12楼和13楼之间', 'elevator', 'emergency', '困在电梯'],
  ['5号楼困梯，两个小孩', 'elevator', 'emergency', '困梯'],
  ['厨房水管爆裂，水一直往外喷', 'water_electric', 'emergency', '水管爆裂'],
  ['地下车库爆管了，水漫到车位', 'water_electric', 'emergency', '爆管'],
  ['楼上漏水，我家天花板在滴水', 'water_electric', 'general', '漏水'],
  ['整栋停电了，楼道一片黑', 'water_electric', 'emergency', '整栋停电'],
  ['我家停电了，好像是跳闸', 'water_electric', 'general', '停电'],
  ['12楼走廊冒烟，有焦糊味', 'fire', 'emergency', '冒烟'],
  ['楼下垃圾桶着火了', 'fire', 'emergency', '着火'],
  ['闻到很重的煤气味，怀疑燃气泄漏', 'fire', 'emergency', '燃气泄漏'],
  ['卫生间地漏返水，很臭', 'water_electric', 'general', '地漏'],
  ['客厅墙皮脱落，有裂缝', 'civil', 'general', '墙皮'],
  ['单元门禁刷卡没反应', 'smart', 'general', '门禁'],
  ['可视对讲看不到画面', 'smart', 'general', '可视对讲'],
  ['小区东门道闸车牌识别不了', 'smart', 'general', '道闸'],
  ['消防栓门被撞坏了', 'fire', 'general', '消防栓'],
  ['楼道灭火器过期了', 'fire', 'general', '灭火器'],
  ['草坪很久没修剪了，杂草很高', 'greening', 'general', '草坪'],
  ['楼道垃圾两天没清运，有异味', 'cleaning', 'general', '垃圾'],
  ['电梯经常异响，坐着害怕', 'elevator', 'general', '电梯'],
  ['我要投诉楼上装修声太吵，晚上十点还在施工', 'complaint', 'general', '投诉'],
  ['保安态度差，对老人很凶', 'complaint', 'general', '态度差'],
  ['有人长期乱停车占用消防通道，没人管', 'complaint', 'general', '乱停'],
  ['建议在儿童游乐区加装遮阳棚', 'suggestion', 'general', '建议'],
  ['希望能增设快递柜', 'suggestion', 'general', '希望能'],
  ['请问物业费怎么交？', 'enquiry', 'enquiry', '请问'],
  ['咨询一下装修需要办理什么手续', 'enquiry', 'enquiry', '咨询'],
  ['请问明天停水什么时候恢复', 'enquiry', 'enquiry', '请问'],
  ['投诉！电梯困人半小时没人来', 'elevator', 'emergency', '电梯困人'],
  ['你好', 'other', 'general', ''],
];

describe('classify (R-DESK-2)', () => {
  it.each(CASES)('%s → %s / %s', (text, category, urgency, word) => {
    const c = classify(text);
    expect({ category: c.category, urgency: c.urgency }).toEqual({ category, urgency });
    if (word) expect(c.matched).toContain(word);
    else expect(c.matched).toEqual([]);
  });

  it('counts a phrase once, not as the words inside it', () => {
    const c = classify('水管爆裂');
    expect(c.matched).toEqual(['水管爆裂']);
  });

  it('lists the matched words in the order they appear', () => {
    expect(classify('楼上漏水，墙面开裂').matched).toEqual(['漏水', '墙面', '开裂']);
  });
});
