/** 完工 on a phone: result, photos, the owner's drawn signature (PNG upload), and for elevator/fire jobs the operation record + test report. */
import { useRef, useState } from 'react';
import { Button, Form, Popup, TextArea, Toast, type ImageUploadItem } from 'antd-mobile';
import { PhotoUploader as Photos, uploadedIds as idsOf } from '../repair/PhotoUploader.tsx';
import { uploadFile, useWoAction, type WorkOrderDetail } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { SignaturePad, type SignaturePadHandle } from '../../../shared/workorders/SignaturePad.tsx';

export function CompleteForm({ order, visible, onClose }: { order: WorkOrderDetail; visible: boolean; onClose: () => void }) {
  const w = useWoText();
  const act = useWoAction();
  const sig = useRef<SignaturePadHandle>(null);
  const [summary, setSummary] = useState('');
  const [record, setRecord] = useState('');
  const [photos, setPhotos] = useState<ImageUploadItem[]>([]);
  const [report, setReport] = useState<ImageUploadItem[]>([]);
  const [busy, setBusy] = useState(false);
  const needsReport = order.type === 'elevator' || order.type === 'fire';

  async function submit() {
    if (!summary.trim()) return Toast.show({ content: `${w('summary')}?`, icon: 'fail' });
    setBusy(true);
    try {
      const body: Record<string, unknown> = { summary: summary.trim() };
      const png = await sig.current?.toPng();
      if (png) body.signatureFileId = await uploadFile(order.communityId, png, 'signature.png');
      if (photos.length) body.photos = idsOf(photos);
      if (needsReport && record.trim()) body.operationRecord = record.trim();
      if (needsReport && report.length) body.testReportFileId = idsOf(report)[0];
      await act.mutateAsync({ id: order.id, action: 'complete', body });
      Toast.show({ content: w('done'), icon: 'success' });
      onClose();
    } catch (e) {
      Toast.show({ content: e instanceof Error ? e.message : String(e), icon: 'fail' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Popup visible={visible} onMaskClick={onClose} bodyStyle={{ maxHeight: '92vh', overflowY: 'auto', borderTopLeftRadius: 12, borderTopRightRadius: 12 }} destroyOnClose>
      <div style={{ padding: '12px 12px 0', fontSize: 17, fontWeight: 600 }}>{w('action.complete')}</div>
      <Form layout="vertical">
        <Form.Item label={w('summary')} required>
          <TextArea value={summary} onChange={setSummary} rows={3} maxLength={2000} placeholder={w('summary')} data-testid="tech-summary" />
        </Form.Item>
        <Form.Item label={w('photos')}>
          <Photos communityId={order.communityId} max={9} value={photos} onChange={setPhotos} testId="tech-photos" />
        </Form.Item>
        {needsReport && (
          <>
            <Form.Item label={w('operationRecord')}>
              <TextArea value={record} onChange={setRecord} rows={2} maxLength={4000} data-testid="tech-operation-record" />
            </Form.Item>
            <Form.Item label={w('testReport')}>
              <Photos communityId={order.communityId} max={1} value={report} onChange={setReport} testId="tech-test-report" />
            </Form.Item>
          </>
        )}
        <Form.Item label={w('signature')}>
          <SignaturePad ref={sig} height={180} clearLabel={w('clear')} />
        </Form.Item>
      </Form>
      <div style={{ padding: 12, display: 'flex', gap: 8 }}>
        <Button block onClick={onClose}>
          {w('action.cancel')}
        </Button>
        <Button block color="primary" loading={busy} onClick={() => void submit()} data-testid="tech-complete-submit">
          {w('submit')}
        </Button>
      </div>
    </Popup>
  );
}
