/** 导入房屋: download the template, upload an .xlsx, see every bad row (nothing is half-imported). */
import { useState } from 'react';
import { Alert, App, Button, Card, Space, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError, download } from '../../../shared/api.ts';
import { useI18n } from '../../../shared/i18n.tsx';
import { useCommunity } from '../../../shared/community.tsx';

interface RowError {
  row?: number;
  column?: string;
  message?: string;
  field?: string;
}

type Outcome = { kind: 'ok'; result: Record<string, unknown> } | { kind: 'rows'; message: string; rows: RowError[] } | { kind: 'error'; message: string };

export function ImportPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { communityId, community } = useCommunity();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function upload(file: File) {
    if (!communityId) return;
    setBusy(true);
    setOutcome(null);
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const result = await api.upload<Record<string, unknown>>(`/api/v1/communities/${communityId}/rooms/import`, form);
      setOutcome({ kind: 'ok', result: result ?? {} });
      void qc.invalidateQueries({ queryKey: ['rooms'] });
      void qc.invalidateQueries({ queryKey: ['tree'] });
    } catch (e) {
      if (e instanceof ApiError && Array.isArray(e.details) && e.details.length) setOutcome({ kind: 'rows', message: e.message, rows: e.details as RowError[] });
      else setOutcome({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  }

  async function template() {
    try {
      await download(`/api/v1/communities/${communityId}/rooms/import-template`, undefined, 'rooms-template.xlsx');
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  const summary = outcome?.kind === 'ok' ? Object.entries(outcome.result).filter(([, v]) => typeof v === 'number' || typeof v === 'string') : [];

  return (
    <div>
      <h1 className="pms-page-title">
        {t('importRooms')} {community ? <Typography.Text type="secondary">· {community.name}</Typography.Text> : null}
      </h1>
      <Card size="small">
        <Space orientation="vertical" style={{ width: '100%' }} size={12}>
          <Typography.Text type="secondary">{t('importHelp')}</Typography.Text>
          <Button icon={<DownloadOutlined />} onClick={template} disabled={!communityId}>
            {t('downloadTemplate')}
          </Button>
          <div data-testid="import-upload">
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            showUploadList={false}
            disabled={busy || !communityId}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{busy ? t('loading') : t('uploadXlsx')}</p>
          </Upload.Dragger>
          </div>
          {outcome?.kind === 'ok' && (
            <Alert type="success" showIcon title={t('importOk')} description={summary.map(([k, v]) => `${t(`importResult.${k}`, k)}: ${String(v)}`).join('，') || undefined} />
          )}
          {outcome?.kind === 'error' && <Alert type="error" showIcon title={outcome.message} />}
          {outcome?.kind === 'rows' && (
            <>
              <Alert type="error" showIcon title={outcome.message} description={t('importFailed')} />
              <Table<RowError>
                data-testid="import-errors"
                size="small"
                rowKey={(r, i) => `${r.row}-${r.column}-${i}`}
                pagination={outcome.rows.length > 50 ? { pageSize: 50 } : false}
                dataSource={outcome.rows}
                columns={[
                  { title: t('row'), dataIndex: 'row', width: 80 },
                  { title: t('column'), key: 'column', width: 160, render: (_, r) => r.column ?? r.field ?? '—' },
                  { title: t('reason'), dataIndex: 'message' },
                ]}
              />
            </>
          )}
        </Space>
      </Card>
    </div>
  );
}
