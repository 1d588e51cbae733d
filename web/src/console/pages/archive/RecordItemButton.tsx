/** Record a collected checklist item: optional scan/photo upload (kernel files), then the item. */
import { App, Button, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../shared/api.ts';
import { useArchiveText } from './archiveText.ts';

export function RecordItemButton({ communityId, packageId, itemId, fileIds, collected }: { communityId: string; packageId: string; itemId: string; fileIds: string[]; collected: boolean }) {
  const a = useArchiveText();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  const save = async (ids: string[]) => {
    await api.put(`/api/v1/archive/packages/${packageId}/items/${itemId}`, { fileIds: ids, receivedOn: today });
    await qc.invalidateQueries({ queryKey: ['room-archive'] });
    await qc.invalidateQueries({ queryKey: ['archive-missing'] });
  };
  const fail = (e: unknown) => message.error(e instanceof Error ? e.message : String(e));
  return (
    <span>
      <Upload
        showUploadList={false}
        accept="image/*,application/pdf"
        customRequest={async ({ file, onSuccess, onError }) => {
          try {
            const form = new FormData();
            form.append('communityId', communityId);
            form.append('file', file as Blob);
            const up = await api.upload<{ id: string }>('/api/v1/files', form);
            await save([...fileIds, up.id]);
            onSuccess?.(up);
          } catch (e) {
            fail(e);
            onError?.(e as Error);
          }
        }}
      >
        <Button size="small" icon={<UploadOutlined />}>{a('scan')}</Button>
      </Upload>
      {!collected && <Button size="small" type="link" onClick={() => save([]).catch(fail)}>{a('paperOnly')}</Button>}
    </span>
  );
}
