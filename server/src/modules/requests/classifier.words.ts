/**
 * The classifier's vocabulary (R-DESK-2): word → category and weight, and whether it alone
 * makes a request an emergency. Data, not code: add words here, the tests keep them honest.
 * Longer phrases win over the shorter words inside them (水管爆裂 counts once, not as 水管 + 爆裂).
 */
import { REPAIR_TYPES } from '../workorders/index.ts';

export { REPAIR_TYPES };
export const CATEGORIES = [...REPAIR_TYPES, 'complaint', 'suggestion', 'enquiry'] as const;
export type Category = (typeof CATEGORIES)[number];
export const URGENCIES = ['emergency', 'general', 'enquiry'] as const;
export type Urgency = (typeof URGENCIES)[number];

export interface Word {
  word: string;
  category: Category | null;
  weight: number;
  emergency?: boolean;
}

const w = (category: Category | null, weight: number, words: string, emergency = false): Word[] =>
  words.split(/\s+/).filter(Boolean).map((word) => ({ word, category, weight, emergency }));

export const WORDS: Word[] = [
  // emergencies first: people, fire, gas, bursts (seed 000: 电梯困人、水管爆裂)
  ...w('elevator', 6, '电梯困人 困梯 困在电梯 被困电梯 关在电梯 电梯里出不来 电梯被困 卡在电梯 电梯坠落 电梯下滑', true),
  ...w('water_electric', 6, '水管爆裂 爆管 水管爆了 管道爆裂 水漫 水淹 淹水 大量漏水 水喷出来 漏电 触电 电线冒火 全楼停电 整栋停电 大面积停电', true),
  ...w('fire', 6, '着火 起火 失火 火灾 冒烟 燃气泄漏 煤气泄漏 天然气泄漏 煤气味 燃气味 有烟味 烧起来', true),
  ...w(null, 3, '有人受伤 救命 十万火急 老人晕倒 孩子被困', true),
  // repair types
  ...w('elevator', 3, '电梯坏 电梯停运 电梯故障 电梯异响 电梯门 轿厢 电梯按钮 电梯不动 电梯抖'),
  ...w('elevator', 2, '电梯 扶梯'),
  ...w('water_electric', 3, '漏水 渗水 滴水 停水 停电 跳闸 没电 没水 断电 灯不亮 灯坏 灯泡 插座 开关坏 下水道 堵塞 堵了 马桶 水龙头 水压 热水器 地漏 返水 冒水'),
  ...w('water_electric', 2, '水管 电路 电线 阀门 水表 电表 照明 路灯 水泵'),
  ...w('civil', 3, '墙皮 脱落 裂缝 开裂 空鼓 地砖 瓷砖 吊顶 天花板 门窗 窗户 玻璃破 防水 屋面 井盖 台阶 栏杆 扶手松 墙面'),
  ...w('smart', 3, '门禁 对讲 可视对讲 道闸 车牌识别 人脸识别 刷卡 监控 摄像头 门铃 梯控 停车场系统 智能锁'),
  ...w('fire', 3, '消防 灭火器 消防栓 消火栓 烟感 喷淋 消防通道 应急灯 疏散指示'),
  ...w('greening', 3, '绿化 草坪 树枝 修剪 树木 枯死 花草 杂草 树倒 浇灌 虫害'),
  ...w('cleaning', 3, '垃圾 保洁 清扫 卫生 楼道脏 异味 臭味 发臭 粪便 狗屎 清运 积水 老鼠 蟑螂 蚊虫 小广告'),
  // complaint / suggestion / enquiry
  ...w('complaint', 5, '投诉 举报'),
  ...w('complaint', 3, '很吵 吵闹 太吵 噪音 扰民 态度差 态度恶劣 不满意 乱停 占用 违建 私搭乱建 不作为 没人管 推诿 狗叫 遛狗不牵绳 高空抛物 装修声'),
  ...w('suggestion', 5, '建议 提议'),
  ...w('suggestion', 3, '希望能 希望增加 能否增加 可不可以增加 最好能 增设 加装'),
  ...w('enquiry', 3, '请问 咨询 问一下 想了解 怎么办理 如何办理 多少钱 什么时候 几点 在哪里 怎么交 是否可以 能不能'),
];
