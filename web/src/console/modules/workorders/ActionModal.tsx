/** The form an action needs before it is sent: wait, complete, sign-off, callback, cancel, return. */
import { useRef, useState } from 'react';
import { App, Button, Form, Input, InputNumber, Modal, Radio, Rate, Switch, Upload, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useWoAction, uploadFile, type WorkOrderDetail } from '../../../shared/workorders/api.ts';
import { useWoText } from '../../../shared/workorders/labels.ts';
import { SignaturePad, type SignaturePadHandle } from '../../../shared/workorders/SignaturePad.tsx';

type Values = Record<string, unknown>;

function Uploader({ communityId, accept, max, onChange, testId }: { communityId: string; accept: string; max: number; onChange: (ids: string[]) => void; testId: string }) {
  const label = useWoText()('upload');
  const [files, setFiles] = useState<UploadFile[]>([]);
  return (
    <Upload
      accept={accept}
      listType="picture"
      maxCount={max}
      fileList={files}
      data-testid={testId}
      customRequest={async ({ file, onSuccess, onError }) => {
        try {
          const id = await uploadFile(communityId, file as Blob, (file as File).name);
          onSuccess?.({ id });
        } catch (e) {
          onError?.(e as Error);
        }
      }}
      onChange={({ fileList }) => {
        setFiles(fileList);
        onChange(fileList.filter((f) => f.status === 'done').map((f) => (f.response as { id: string }).id));
      }}
    >
      <Button icon={<UploadOutlined />}>{label}</Button>
    </Upload>
  );
}

export function ActionModal({ order, action, onClose }: { order: WorkOrderDetail; action: string | null; onClose: () => void }) {
  const w = useWoText();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const act = useWoAction();
  const sig = useRef<SignaturePadHandle>(null);
  const [photos, setPhotos] = useState<string[]>([]);
  const [report, setReport] = useState<string[]>([]);
  const needsReport = order.type === 'elevator' || order.type === 'fire';

  async function submit() {
    const v = await form.validateFields();
    const body: Values = { ...v };
    if (action === 'report' && report[0]) body.testReportFileId = report[0];
    if (action === 'complete') {
      const png = await sig.current?.toPng();
      if (png) body.signatureFileId = await uploadFile(order.communityId, png, 'signature.png');
      if (photos.length) body.photos = photos;
      if (report[0]) body.testReportFileId = report[0];
      if (!body.operationRecord) delete body.operationRecord;
    }
    for (const k of Object.keys(body)) if (body[k] === undefined || body[k] === '') delete body[k];
    try {
      await act.mutateAsync({ id: order.id, action: action!, body });
      message.success(w('done'));
      form.resetFields();
      onClose();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  const rate = (name: string, required = false) => (
    <Form.Item name={name} label={w(name)} rules={required ? [{ required: true }] : undefined}>
      <Rate data-testid={`rate-${name}`} />
    </Form.Item>
  );

  return (
    <Modal open={!!action} title={action ? w(`action.${action}`) : ''} onCancel={onClose} onOk={submit} okText={w('submit')} confirmLoading={act.isPending} destroyOnHidden okButtonProps={{ 'data-testid': 'action-submit' } as never}>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ reason: action === 'wait' ? 'owner' : undefined, fixed: true }}>
        {action === 'wait' && (
          <>
            <Form.Item name="reason" label={w('reason')} rules={[{ required: true }]}>
              <Radio.Group options={['owner', 'parts'].map((r) => ({ value: r, label: w(`wait.${r}`) }))} />
            </Form.Item>
            <Form.Item name="note" label={w('note')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </>
        )}
        {(action === 'cancel' || action === 'return') && (
          <Form.Item name="reason" label={w('reason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={2} maxLength={500} data-testid="action-reason" />
          </Form.Item>
        )}
        {action === 'complete' && (
          <>
            <Form.Item name="summary" label={w('summary')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={3} maxLength={2000} data-testid="complete-summary" />
            </Form.Item>
            <Form.Item label={w('photos')}>
              <Uploader communityId={order.communityId} accept="image/*" max={9} onChange={setPhotos} testId="complete-photos" />
            </Form.Item>
            {needsReport && (
              <>
                <Form.Item name="operationRecord" label={w('operationRecord')}>
                  <Input.TextArea rows={2} maxLength={4000} />
                </Form.Item>
                <Form.Item label={w('testReport')}>
                  <Uploader communityId={order.communityId} accept="image/*,application/pdf" max={1} onChange={setReport} testId="complete-report" />
                </Form.Item>
              </>
            )}
            <Form.Item label={w('signature')}>
              <SignaturePad ref={sig} clearLabel={w('clear')} />
            </Form.Item>
          </>
        )}
        {action === 'report' && (
          <>
            <Form.Item name="operationRecord" label={w('operationRecord')} initialValue={order.operationRecord ?? undefined}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
            <Form.Item label={w('testReport')}>
              <Uploader communityId={order.communityId} accept="image/*,application/pdf" max={1} onChange={setReport} testId="report-file" />
            </Form.Item>
          </>
        )}
        {action === 'sign-off' && (
          <>
            {rate('satisfaction', true)}
            {rate('punctuality')}
            {rate('attitude')}
            <Form.Item name="comment" label={w('comment')}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </>
        )}
        {action === 'supervise' && (
          <>
            <Form.Item name="result" label={w('sup.result')} rules={[{ required: true }]} initialValue="on_time">
              <Radio.Group optionType="button" options={['on_time', 'late', 'not_reached'].map((r) => ({ value: r, label: w(`sup.${r}`) }))} data-testid="supervise-result" />
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.result !== b.result}>
              {({ getFieldValue }) =>
                getFieldValue('result') === 'late' ? (
                  <Form.Item name="lateMinutes" label={w('sup.lateMinutes')} rules={[{ required: true }]}>
                    <InputNumber min={1} max={10080} precision={0} addonAfter={w('minutes')} data-testid="supervise-late-minutes" />
                  </Form.Item>
                ) : null
              }
            </Form.Item>
            <Form.Item name="note" label={w('note')}>
              <Input.TextArea rows={2} maxLength={500} data-testid="supervise-note" />
            </Form.Item>
          </>
        )}
        {action === 'callback' && (
          <>
            <Form.Item name="fixed" label={w('fixed')} valuePropName="checked">
              <Switch data-testid="callback-fixed" />
            </Form.Item>
            {rate('satisfaction')}
            <Form.Item name="note" label={w('note')}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
