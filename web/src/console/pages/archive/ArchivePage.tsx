/** 业户档案 (R-ARC-1..7): rooms by archive code, persons, key owners, important events, borrowing, access log, checks — tabs by permission. */
import { useState, type ReactElement } from 'react';
import { Alert, Card, Tabs } from 'antd';
import { can, useSession } from '../../../shared/session.ts';
import { useCommunity } from '../../../shared/community.tsx';
import { useArchiveText } from './archiveText.ts';
import { RoomsTab } from './RoomsTab.tsx';
import { PersonsTab } from './PersonsTab.tsx';
import { BorrowingTab } from './BorrowingTab.tsx';
import { AccessLogTab } from './AccessLogTab.tsx';
import { AuditsTab } from './AuditsTab.tsx';
import { KeyOwnersTab } from './KeyOwnersTab.tsx';
import { EventsTab } from './EventsTab.tsx';
import { RoomArchiveDrawer } from './RoomArchiveDrawer.tsx';
import { PersonDrawer } from './PersonDrawer.tsx';

export function ArchivePage() {
  const a = useArchiveText();
  const { communityId } = useCommunity();
  const { data: user } = useSession();
  const [roomId, setRoomId] = useState<string | null>(null);
  const [personId, setPersonId] = useState<string | null>(null);
  const reads = can(user, 'archive.read', communityId);
  const tabs = [
    reads && { key: 'rooms', label: a('rooms'), children: <RoomsTab communityId={communityId} onRoom={setRoomId} /> },
    reads && { key: 'persons', label: a('persons'), children: <PersonsTab communityId={communityId} onPerson={setPersonId} /> },
    reads && { key: 'key-owners', label: a('keyOwners'), children: <KeyOwnersTab communityId={communityId} onPerson={setPersonId} /> },
    reads && { key: 'events', label: a('events'), children: <EventsTab communityId={communityId} onRoom={setRoomId} /> },
    { key: 'borrowing', label: a('borrowing'), children: <BorrowingTab communityId={communityId} onRoom={setRoomId} /> },
    can(user, 'accesslog.read', communityId) && { key: 'log', label: a('accessLog'), children: <AccessLogTab communityId={communityId} /> },
    can(user, 'archive.audit', communityId) && { key: 'audits', label: a('audits'), children: <AuditsTab communityId={communityId} /> },
  ].filter((x): x is { key: string; label: string; children: ReactElement } => !!x);
  return (
    <div>
      <h1 className="pms-page-title">{a('title')}</h1>
      {!reads && <Alert type="info" showIcon title={a('noAccess')} style={{ marginBottom: 12 }} />}
      <Card size="small">
        <Tabs items={tabs} />
      </Card>
      <RoomArchiveDrawer roomId={roomId} onClose={() => setRoomId(null)} onPerson={setPersonId} />
      <PersonDrawer personId={personId} communityId={communityId} onClose={() => setPersonId(null)} />
    </div>
  );
}
