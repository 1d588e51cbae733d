import { registerConstraint } from '../../kernel/errors/index.ts';

// What each unique index of the property tables means to a user (409 DUPLICATE '房号已存在').
registerConstraint('buildings_community_code_uq', 'DUPLICATE', { what: '楼栋编号' });
registerConstraint('entrances_building_code_uq', 'DUPLICATE', { what: '单元编号' });
registerConstraint('rooms_community_code_uq', 'DUPLICATE', { what: '房号' });
registerConstraint('parking_community_code_uq', 'DUPLICATE', { what: '车位编号' });
registerConstraint('common_areas_community_code_uq', 'DUPLICATE', { what: '公共区域编号' });
registerConstraint('equipment_community_code_uq', 'DUPLICATE', { what: '设备编号' });
registerConstraint('communities_company_code_uq', 'DUPLICATE', { what: '小区编号' });
