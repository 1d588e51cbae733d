/** R-WO-1 work types: 水电, 土建, 智能化, 电梯, 消防, 绿化, 保洁, 其他. */
export const REPAIR_TYPES = ['water_electric', 'civil', 'smart', 'elevator', 'fire', 'greening', 'cleaning', 'other'] as const;
export type RepairType = (typeof REPAIR_TYPES)[number];
