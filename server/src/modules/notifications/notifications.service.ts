import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { uuid7, type Database, type Db } from '../../kernel/db/index.ts';
import { jsonColumnsOf, jsonRowsInsert } from '../../kernel/db/bulk-insert.ts';
import { emitStatement, type DomainEvent, type StoredEvent } from '../../kernel/events/index.ts';
import { users } from '../../kernel/auth/auth.tables.ts';
import type { PiiCipher } from '../../kernel/crypto/index.ts';
import { notifications } from './notifications.tables.ts';
import { smsProvider } from './sms.ts';

export interface Message {
  companyId?: string | null;
  communityId?: string | null;
  recipients: Array<string | null | undefined>;
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
  subjectType?: string;
  subjectId?: string;
  /** Also send by SMS (to recipients with a phone). */
  sms?: boolean;
}

/** The columns notify() writes, typed as the table declares them (see jsonRowsInsert). */
const NOTIFICATION_COLUMNS = jsonColumnsOf(notifications, [
  'id', 'company_id', 'community_id', 'recipient_id', 'channel', 'kind', 'title', 'body', 'link', 'subject_type', 'subject_id', 'state', 'created_at', 'sent_at',
]);

/**
 * Stores the message for each recipient inside the caller's transaction and emits one
 * event addressed to exactly those users (no community/company on the event, so the
 * live stream shows it to them only). SMS copies are queued for the outbox to deliver.
 */
export async function notify(tx: Db, now: Date, msg: Message): Promise<string[]> {
  return (await notifyMany(tx, now, [msg]))[0];
}

/**
 * notify() for many messages in ONE statement — rows as one JSON parameter, events as one
 * multi-row insert: a sweep's batch of escalations notifies a hundred times at once, and there
 * each round trip and each built query counts. Returns each message's notification ids.
 */
export async function notifyMany(tx: Db, now: Date, msgs: Message[]): Promise<string[][]> {
  // ids made here, so each event (which carries its SMS ids) is known before anything is written
  const at = now.toISOString();
  const rows: Array<ReturnType<typeof row>> = [];
  const events: DomainEvent[] = [];
  function row(msg: Message, recipientId: string, channel: 'in_app' | 'sms') {
    return {
      id: uuid7(),
      company_id: msg.companyId ?? null,
      community_id: msg.communityId ?? null,
      recipient_id: recipientId,
      channel,
      kind: msg.kind,
      title: msg.title,
      body: msg.body ?? '',
      link: msg.link ?? null,
      subject_type: msg.subjectType ?? null,
      subject_id: msg.subjectId ?? null,
      state: channel === 'sms' ? 'queued' : 'sent',
      created_at: at,
      sent_at: channel === 'sms' ? null : at,
    };
  }
  const ids = msgs.map((msg) => {
    const recipients = [...new Set(msg.recipients.filter((r): r is string => !!r))];
    if (recipients.length === 0) return [];
    const values = recipients.map((r) => row(msg, r, 'in_app'));
    if (msg.sms) values.push(...recipients.map((r) => row(msg, r, 'sms')));
    rows.push(...values);
    events.push({
      type: 'notification.created',
      subjectType: msg.subjectType ?? 'notification',
      subjectId: msg.subjectId ?? values[0].id,
      payload: { userIds: recipients, kind: msg.kind, title: msg.title, body: msg.body ?? '', link: msg.link ?? null, smsIds: values.filter((v) => v.channel === 'sms').map((v) => v.id) },
    });
    return values.map((v) => v.id);
  });
  if (events.length > 0) await tx.execute(sql`WITH n AS (${jsonRowsInsert('notifications', NOTIFICATION_COLUMNS, rows)}) ${emitStatement(tx, events).getSQL()}`);
  return ids;
}

/** Outbox handler: hands queued SMS of one event to the provider and records the outcome. */
export function smsDelivery(pii: PiiCipher, clock: { now(): Date }) {
  return async (ev: StoredEvent, database: Database) => {
    const ids = (ev.payload.smsIds as string[] | undefined) ?? [];
    if (ids.length === 0) return;
    const db = database.db;
    const rows = await db
      .select({ id: notifications.id, title: notifications.title, body: notifications.body, phoneEnc: users.phoneEnc })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.recipientId))
      .where(and(inArray(notifications.id, ids), eq(notifications.state, 'queued')));
    for (const r of rows) {
      const phone = r.phoneEnc ? pii.decrypt(r.phoneEnc) : null;
      const res = phone ? await smsProvider().send(phone, `【物业】${r.title} ${r.body}`.trim()) : { ok: false as const, error: 'no phone' };
      await db
        .update(notifications)
        .set(res.ok ? { state: 'sent', sentAt: clock.now() } : { state: 'failed', error: res.error })
        .where(eq(notifications.id, r.id));
    }
  };
}

/** Marks one of the caller's own notifications read; false when it is not theirs. */
export async function markRead(db: Db, userId: string, id: string, now: Date): Promise<boolean> {
  const res = await db
    .update(notifications)
    .set({ state: 'read', readAt: sql`coalesce(${notifications.readAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(notifications.id, id), eq(notifications.recipientId, userId), eq(notifications.channel, 'in_app')))
    .returning({ id: notifications.id });
  return res.length > 0;
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.recipientId, userId), eq(notifications.channel, 'in_app'), isNull(notifications.readAt)));
  return r?.n ?? 0;
}
