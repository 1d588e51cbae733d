import { eq, sql } from 'drizzle-orm';
import type { Deps } from '../../server/src/kernel/deps.ts';
import { rows } from '../../server/src/kernel/db/index.ts';
import { companies, communities } from '../../server/src/kernel/tenancy/tenancy.tables.ts';
import { users } from '../../server/src/kernel/auth/auth.tables.ts';
import { hashPassword } from '../../server/src/kernel/crypto/index.ts';
import { seedDefaultRoles, userRoles } from '../../server/src/kernel/permissions/index.ts';
import { persons, roomOccupancies } from '../../server/src/modules/people/index.ts';
import { demoExtras } from './extras.ts';
import { demoIdNumber, demoName } from './names.ts';
import { seedStructure } from './structure.ts';

export const DEMO_COMPANY = '示范物业服务有限公司';
export const DEMO_PASSWORD = 'demo1234';

/** Staff accounts of the demo (README lists them): username, name, role, community (A/B/company), department, skills. */
const STAFF: Array<[string, string, string, 'A' | 'B' | null, string | null, string[]]> = [
  ['demo-admin', '系统管理员', 'company_admin', null, 'general_affairs', []],
  ['demo-gm', '周总经理', 'general_manager', null, null, []],
  ['demo-manager', '陈经理', 'community_manager', 'A', 'customer_service', []],
  ['demo-supervisor', '刘主管', 'supervisor', 'A', 'engineering', []],
  ['demo-clerk', '王小丽', 'clerk', 'A', 'customer_service', []],
  ['demo-dispatcher', '赵调度', 'dispatcher', 'A', 'engineering', []],
  ['demo-engineer', '李师傅', 'engineer', 'A', 'engineering', ['water_electric', 'civil']],
  ['demo-engineer2', '孙师傅', 'engineer', 'A', 'engineering', ['elevator', 'fire', 'smart']],
  ['demo-engineer3', '吴师傅', 'engineer', 'A', 'engineering', ['water_electric', 'smart']],
  ['demo-guard', '马保安', 'security_guard', 'A', 'security', []],
  ['demo-cleaner', '黄阿姨', 'cleaner', 'A', 'environment', []],
  ['demo-finance', '钱会计', 'finance', 'A', 'finance', []],
  ['demo-archive', '郑档案', 'archive_admin', 'A', 'customer_service', []],
  ['demo-quality', '冯品质', 'quality_inspector', 'A', 'quality', []],
  ['demo-monitor', '何值班', 'monitoring_center', 'A', 'security', []],
  ['demo-manager-b', '杨经理', 'community_manager', 'B', 'customer_service', []],
  ['demo-clerk-b', '林小红', 'clerk', 'B', 'customer_service', []],
  ['demo-engineer-b', '高师傅', 'engineer', 'B', 'engineering', ['water_electric', 'civil', 'elevator']],
  ['demo-finance-b', '罗会计', 'finance', 'B', 'finance', []],
];

export async function seedDemoIfEmpty(deps: Deps): Promise<boolean> {
  const existing = await deps.database.db.select({ id: companies.id }).from(companies).limit(1);
  if (existing.length) return false;
  await seedDemo(deps);
  return true;
}

/** The demo company: 2 communities (≥ 2,000 rooms), staff for every role, a few hundred owners. */
export async function seedDemo(deps: Deps): Promise<{ companyId: string }> {
  const { db } = deps.database;
  const [already] = await db.select().from(companies).where(eq(companies.name, DEMO_COMPANY));
  if (already) return { companyId: already.id };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const [company] = await tx.insert(companies).values({ name: DEMO_COMPANY }).returning();
    const roleIds = await seedDefaultRoles(tx, company.id);
    const [a] = await tx.insert(communities).values({ companyId: company.id, code: 'YGHY', name: '阳光花园', address: '上海市浦东新区阳光路 88 号' }).returning();
    const [b] = await tx.insert(communities).values({ companyId: company.id, code: 'CHXQ', name: '翠湖小区', address: '上海市闵行区翠湖路 166 号' }).returning();
    await seedStructure(tx, a.id, { buildings: 12, entrances: 2, floors: 18, perFloor: 4 });
    await seedStructure(tx, b.id, { buildings: 8, entrances: 2, floors: 11, perFloor: 4 });

    const communityOf = { A: a.id, B: b.id } as const;
    for (const [i, [username, name, role, comm, department, skills]] of STAFF.entries()) {
      const phone = `139${String(10000000 + i).padStart(8, '0')}`;
      const [u] = await tx
        .insert(users)
        .values({ companyId: company.id, kind: 'staff', username, displayName: name, passwordHash, department, skills, phoneEnc: deps.pii.encrypt(phone), phoneBidx: deps.pii.blindIndex('phone', phone) })
        .returning();
      await tx.insert(userRoles).values({ userId: u.id, roleId: roleIds.get(role)!, communityId: comm ? communityOf[comm] : null });
    }

    // Owners: ~300 persons over the first rooms of each community; 13800000001 owns 1-1-1001 in 阳光花园 (rooms are taken in code order).
    const roomRows = await rows<{ id: string; community_id: string; code: string }>(
      tx,
      // Buildings by their code, not their id: ids made in the same millisecond do not sort in creation order.
      sql`SELECT r.id, r.community_id, r.code FROM rooms r JOIN buildings bd ON bd.id = r.building_id
          WHERE r.community_id IN (${a.id}, ${b.id})
          ORDER BY r.community_id = ${a.id} DESC, length(bd.code), bd.code, r.code LIMIT 400`,
    );
    const owned = roomRows.filter((_, i) => i % 4 !== 3).slice(0, 300);
    const personRows = owned.map((_, i) => {
      const phone = `138${String(i + 1).padStart(8, '0')}`;
      const idNumber = demoIdNumber(i);
      return {
        companyId: company.id,
        name: i === 0 ? '张业主' : demoName(i),
        gender: (i % 2 ? 'female' : 'male') as 'female' | 'male',
        phoneEnc: deps.pii.encrypt(phone),
        phoneBidx: deps.pii.blindIndex('phone', phone),
        idNumberEnc: deps.pii.encrypt(idNumber),
        idNumberBidx: deps.pii.blindIndex('idNumber', idNumber),
      };
    });
    const inserted = await tx.insert(persons).values(personRows).returning({ id: persons.id });
    await tx.insert(roomOccupancies).values(
      owned.map((r, i) => ({ communityId: r.community_id, roomId: r.id, personId: inserted[i].id, relation: 'owner' as const, startedOn: '2024-06-01' })),
    );
    const occupied = owned.map((r) => r.id);
    await tx.execute(sqlOccupied(occupied));
    // Owner accounts for the first 20 owners (the app demo), 13800000001 first.
    for (let i = 0; i < 20; i++) {
      const [u] = await tx
        .insert(users)
        .values({ companyId: company.id, kind: 'owner', username: null, displayName: personRows[i].name, passwordHash, personId: inserted[i].id, phoneEnc: personRows[i].phoneEnc, phoneBidx: personRows[i].phoneBidx })
        .returning();
      await tx.insert(userRoles).values({ userId: u.id, roleId: roleIds.get(i === 1 ? 'committee_member' : 'owner')!, communityId: null });
    }
    await demoExtras(tx, deps, { companyId: company.id, communityIds: [a.id, b.id] });
    return { companyId: company.id };
  });
}

function sqlOccupied(ids: string[]) {
  return sql`UPDATE rooms SET status = 'occupied' WHERE id IN (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`;
}
