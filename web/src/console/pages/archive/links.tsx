/** Linked complaints / requests / work orders: shown by their number (work orders No.N), edited as references. */
import { Button, Form, Input, Select, Space, Tag, Tooltip } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { LinkView } from './archiveApi.ts';
import { useArchiveText } from './archiveText.ts';

export function LinkTags({ links }: { links: LinkView[] }) {
  const a = useArchiveText();
  if (!links.length) return <>—</>;
  return (
    <Space size={[4, 4]} wrap>
      {links.map((l) => (
        <Tooltip key={`${l.kind}:${l.refId}`} title={l.found ? a(l.status ?? '') : a('notInSystem')}>
          <Tag color={l.kind === 'work_order' ? 'geekblue' : l.kind === 'complaint' ? 'volcano' : 'default'} data-testid="link-tag">
            {a(l.kind)} {l.label}
          </Tag>
        </Tooltip>
      ))}
    </Space>
  );
}

/** Form.List of { kind, refId }; a work order may be typed as its form number (No.12). */
export function LinksField({ name = 'links' }: { name?: string }) {
  const a = useArchiveText();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((f) => (
            <Space key={f.key} align="baseline">
              <Form.Item name={[f.name, 'kind']} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
                <Select style={{ width: 100 }} options={['work_order', 'complaint', 'request'].map((k) => ({ value: k, label: a(k) }))} />
              </Form.Item>
              <Form.Item name={[f.name, 'refId']} rules={[{ required: true, whitespace: true }]} style={{ marginBottom: 8 }}>
                <Input style={{ width: 260 }} placeholder={a('linkRef')} maxLength={64} />
              </Form.Item>
              <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
            </Space>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'complaint', refId: '' })}>{a('addLink')}</Button>
        </>
      )}
    </Form.List>
  );
}

/** What a form sends back: work orders found in the system go back as their form number for readability. */
export const linksForForm = (links: LinkView[]) => links.map((l) => ({ kind: l.kind, refId: l.kind === 'work_order' && l.found ? l.label : l.refId }));
