import { eq } from 'drizzle-orm';
import type { Db } from '../../kernel/db/index.ts';
import type { Actor } from '../../kernel/permissions/index.ts';
import { communities } from '../../kernel/tenancy/tenancy.tables.ts';

/** The line every export and print of archive data carries (who and when, Asia/Shanghai). */
export function watermarkText(communityName: string, actorName: string, at: Date, kind: 'export' | 'print'): string {
  const stamp = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(at);
  const verb = kind === 'export' ? '导出' : '打印';
  return `${communityName} 业户资料 — 公司一级保密资料，严禁外传。${verb}人：${actorName}  ${verb}时间：${stamp}`;
}

export async function printWatermark(db: Db, actor: Actor, communityId: string, at: Date): Promise<string> {
  const [c] = await db.select({ name: communities.name }).from(communities).where(eq(communities.id, communityId));
  return watermarkText(c?.name ?? '', actor.name, at, 'print');
}
