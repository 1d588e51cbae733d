import { sql } from 'drizzle-orm';
import type { Db } from '../../server/src/kernel/db/index.ts';

export interface Shape {
  buildings: number;
  entrances: number;
  floors: number;
  perFloor: number;
}

/**
 * Buildings, entrances, rooms (code building-entrance-FFNN, e.g. 3-2-1204), common areas,
 * equipment and parking of one demo community — set-based, a handful of statements.
 */
export async function seedStructure(tx: Db, communityId: string, s: Shape): Promise<void> {
  await tx.execute(sql`
    INSERT INTO buildings (community_id, code, name, kind, floors_above, floors_below, sort)
    SELECT ${communityId}::uuid, b::text, b || '栋', 'residential', ${s.floors}, 1, b FROM generate_series(1, ${s.buildings}) b`);
  await tx.execute(sql`
    INSERT INTO entrances (community_id, building_id, code, name)
    SELECT ${communityId}::uuid, bl.id, e::text, e || '单元'
      FROM buildings bl CROSS JOIN generate_series(1, ${s.entrances}) e WHERE bl.community_id = ${communityId}::uuid`);
  // Four layouts per floor: 89.50 / 120.35 / 143.20 / 76.80 m² gross, indoor ≈ 80%.
  await tx.execute(sql`
    INSERT INTO rooms (community_id, building_id, entrance_id, floor, number, code, area_m2, indoor_area_m2, use, status)
    SELECT ${communityId}::uuid, bl.id, en.id, f, f || lpad(r::text, 2, '0'),
           bl.code || '-' || en.code || '-' || f || lpad(r::text, 2, '0'),
           (ARRAY[89.50, 120.35, 143.20, 76.80])[r],
           round((ARRAY[89.50, 120.35, 143.20, 76.80])[r] * 0.8, 2),
           CASE WHEN f = 1 AND r = 1 AND bl.sort % 6 = 0 THEN 'commercial' ELSE 'residential' END,
           CASE WHEN (f * 7 + r + bl.sort) % 11 = 0 THEN 'unsold' WHEN (f + r) % 13 = 0 THEN 'renovating' ELSE 'vacant' END
      FROM buildings bl JOIN entrances en ON en.building_id = bl.id
      CROSS JOIN generate_series(1, ${s.floors}) f CROSS JOIN generate_series(1, ${s.perFloor}) r
     WHERE bl.community_id = ${communityId}::uuid`);
  await tx.execute(sql`
    INSERT INTO common_areas (community_id, building_id, code, name, kind)
    SELECT ${communityId}::uuid, bl.id, 'LOBBY-' || bl.code, bl.name || '大堂', 'lobby' FROM buildings bl WHERE bl.community_id = ${communityId}::uuid
    UNION ALL SELECT ${communityId}::uuid, NULL, 'B1', '地下车库', 'basement'
    UNION ALL SELECT ${communityId}::uuid, NULL, 'GARDEN', '中心花园', 'garden'
    UNION ALL SELECT ${communityId}::uuid, NULL, 'GATE-N', '北大门', 'gate'`);
  await tx.execute(sql`
    INSERT INTO equipment (community_id, code, name, kind, building_id, location, model, installed_on)
    SELECT ${communityId}::uuid, 'DT-' || bl.code || '-' || en.code, bl.name || en.name || '电梯', 'elevator', bl.id, bl.name || en.name || '电梯井', '奥的斯 GeN2', DATE '2019-05-01'
      FROM buildings bl JOIN entrances en ON en.building_id = bl.id WHERE bl.community_id = ${communityId}::uuid
    UNION ALL SELECT ${communityId}::uuid, 'XF-MAIN', '消防报警主机', 'fire', NULL, '消防监控中心', '海湾 GST200', DATE '2019-05-01'
    UNION ALL SELECT ${communityId}::uuid, 'PD-1', '1号配电房', 'power', NULL, '地下一层配电房', '10kV 环网柜', DATE '2019-05-01'
    UNION ALL SELECT ${communityId}::uuid, 'SB-1', '生活水泵房', 'water_pump', NULL, '地下一层水泵房', '格兰富 CR', DATE '2019-05-01'
    UNION ALL SELECT ${communityId}::uuid, 'DZ-N', '北门道闸', 'gate', NULL, '北大门', '捷顺 JSDZ', DATE '2020-03-01'`);
  await tx.execute(sql`
    INSERT INTO parking_spaces (community_id, code, area_m2, kind, status, location)
    SELECT ${communityId}::uuid, 'B1-' || lpad(p::text, 3, '0'), 12.50, CASE WHEN p % 3 = 0 THEN 'owned' ELSE 'rented' END,
           CASE WHEN p % 4 = 0 THEN 'free' ELSE 'occupied' END, '地下车库 ' || (1 + p / 50) || ' 区'
      FROM generate_series(1, ${s.buildings * 20}) p`);
}
