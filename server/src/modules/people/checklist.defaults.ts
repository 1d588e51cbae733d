import type { PackageKind } from './archive.tables.ts';

/**
 * The document packages exactly as seed 001 篇5 §4.1.1 lists them (SPEC R-ARC-2). Items that only
 * exist in some cases (extension, hot work, violations) are optional: never counted as missing.
 */
export const DEFAULT_CHECKLISTS: Record<PackageKind, Array<{ code: string; zh: string; en: string; required?: false }>> = {
  move_in: [
    { code: 'service_agreement', zh: '《前期物业管理协议书》', en: 'Preliminary property-service agreement' },
    { code: 'move_in_notice', zh: '《入伙通知书》（原件）', en: 'Move-in notice (original)' },
    { code: 'id_copy', zh: '业主身份证复印件', en: "Copy of the owner's ID card" },
    { code: 'owner_covenant', zh: '《业主公约签约件》', en: 'Signed owner covenant' },
    { code: 'fire_pledge', zh: '《区域防火责任书》', en: 'Fire-safety pledge' },
    { code: 'handover_confirmation', zh: '《房屋交接确认表》', en: 'Handover confirmation' },
    { code: 'key_receipt', zh: '《签领钥匙登记表》', en: 'Key receipt register' },
    { code: 'defect_rectification', zh: '《遗留项目整改记录表》', en: 'Outstanding-defect rectification record' },
    { code: 'bank_withholding', zh: '《委托银行代收费合同》', en: 'Bank-withholding contract' },
    { code: 'household_form', zh: '《业主/住户情况登记表》', en: 'Owner/household registration form' },
  ],
  renovation: [
    { code: 'application', zh: '《装修申请表》', en: 'Renovation application' },
    { code: 'contractor_licence', zh: '装修公司营业执照/税务登记证/资质证书', en: "Contractor's business licence / tax registration / qualification" },
    { code: 'drawings', zh: '装修图纸', en: 'Renovation drawings' },
    { code: 'permit', zh: '《装修许可证》', en: 'Renovation permit' },
    { code: 'agreement', zh: '《装修协议书》', en: 'Renovation agreement' },
    { code: 'pledge', zh: '《装修承诺书》', en: 'Renovation pledge' },
    { code: 'worker_register', zh: '《装修工人情况登记表》', en: 'Worker register' },
    { code: 'completion_application', zh: '《装修竣工申请表》', en: 'Completion application' },
    { code: 'extension_application', zh: '《装修延期申请表》', en: 'Extension application', required: false },
    { code: 'hot_work_application', zh: '《动用明火申请表》', en: 'Hot-work application', required: false },
    { code: 'returned_worker_passes', zh: '回收的装修工人临时出入证', en: 'Returned worker passes' },
    { code: 'violation_records', zh: '违章记录', en: 'Violation records', required: false },
  ],
  transfer: [
    { code: 'transfer_confirmation', zh: '《过户资料确认表》', en: 'Transfer confirmation' },
    { code: 'certificate_or_contract', zh: '房产证（复印件）或《买卖协议》（复印件）', en: 'Property certificate or sale contract (copy)' },
    { code: 'fire_pledge', zh: '《区域防火责任书》', en: 'Fire-safety pledge' },
    { code: 'bank_withholding', zh: '《委托银行代收费合同》', en: 'Bank-withholding contract' },
    { code: 'household_form', zh: '《业主/住户情况登记表》', en: 'Owner/household registration form' },
  ],
};
