/** 我要报修: room, what is wrong, photos. Goes to the new order's page, which then updates live. */
import { useState } from 'react';
import { Button, Form, NavBar, Selector, TextArea, Toast, type ImageUploadItem } from 'antd-mobile';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import type { SessionUser } from '../../../shared/session.ts';
import type { RequestItem } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { RoomCode } from '../../../shared/workorders/RoomCode.tsx';
import { PhotoUploader, uploadedIds } from './PhotoUploader.tsx';

export function RepairForm({ user }: { user: SessionUser }) {
  const w = useWoText();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [roomId, setRoomId] = useState(user.rooms[0]?.roomId);
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<ImageUploadItem[]>([]);
  const [busy, setBusy] = useState(false);
  const room = user.rooms.find((r) => r.roomId === roomId) ?? user.rooms[0];
  // Scanned at a place or on equipment (/app/report?qr=…): the location is filled in.
  const [params] = useSearchParams();
  const qrToken = params.get('qr');
  const qr = useQuery({ queryKey: ['qr', qrToken], enabled: !!qrToken, retry: false, queryFn: () => api.get<{ communityId: string; location: string }>(`/api/v1/qr/${encodeURIComponent(qrToken!)}`) });

  async function submit() {
    if ((!room && !qr.data) || description.trim().length < 2) return Toast.show({ content: `${w('description')}?`, icon: 'fail' });
    setBusy(true);
    try {
      const where = qr.data ? { communityId: qr.data.communityId, qrToken } : { communityId: room!.communityId, roomId: room!.roomId };
      const r = await api.post<RequestItem>('/api/v1/requests', { ...where, channel: 'app', description: description.trim(), ...(photos.length ? { photos: uploadedIds(photos) } : {}) });
      void qc.invalidateQueries({ queryKey: ['workorder'] });
      void qc.invalidateQueries({ queryKey: ['request'] });
      Toast.show({ content: w('done'), icon: 'success' });
      navigate(r.workOrderId ? `/repair/${r.workOrderId}` : '/repair', { replace: true });
    } catch (e) {
      Toast.show({ content: e instanceof Error ? e.message : String(e), icon: 'fail', duration: 3000 });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <NavBar onBack={() => navigate('/repair')}>{w('repair.new')}</NavBar>
      <Form layout="vertical">
        {qrToken && (
          <Form.Item label={w('location')}>
            <span data-testid="repair-qr-location">{qr.data?.location ?? (qr.error ? (qr.error as Error).message : '…')}</span>
          </Form.Item>
        )}
        {!qrToken && user.rooms.length > 1 && (
          <Form.Item label={w('room')}>
            <Selector value={roomId ? [roomId] : []} onChange={(v) => v[0] && setRoomId(v[0])} options={user.rooms.map((r) => ({ value: r.roomId, label: <RoomCode id={r.roomId} /> }))} />
          </Form.Item>
        )}
        {!qrToken && user.rooms.length === 1 && room && (
          <Form.Item label={w('room')}>
            <RoomCode id={room.roomId} />
          </Form.Item>
        )}
        <Form.Item label={w('description')} required>
          <TextArea value={description} onChange={setDescription} rows={4} maxLength={2000} showCount placeholder={w('repair.placeholder')} data-testid="repair-description" />
        </Form.Item>
        <Form.Item label={w('photos')}>{(qr.data || room) && <PhotoUploader communityId={qr.data?.communityId ?? room!.communityId} max={9} value={photos} onChange={setPhotos} testId="repair-photos" />}</Form.Item>
      </Form>
      <div style={{ padding: 12 }}>
        <Button block color="primary" size="large" loading={busy} onClick={() => void submit()} data-testid="repair-submit">
          {w('submit')}
        </Button>
      </div>
    </div>
  );
}
