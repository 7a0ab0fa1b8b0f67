import { App, Button, Card, Input, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { attributeOptions } from './attribute-inputs.tsx';
import { formatCell, parseCell } from './condition-tree.ts';
import type { Attribute } from './drafts-api.ts';

/** A decision table as a unit holds it. */
export interface DecisionTable {
  hitPolicy: 'unique' | 'first' | 'collect';
  aggregate?: 'sum' | 'min' | 'max' | 'count';
  inputs: unknown[];
  rows: { when: unknown[]; then: number | string | boolean }[];
  default?: number | string | boolean;
}

function scalar(text: string): number | string | boolean {
  const s = text.trim();
  if (s === 'true' || s === 'false') return s === 'true';
  return s !== '' && Number.isFinite(Number(s)) ? Number(s) : s;
}

/**
 * Decision tables: hit policy, inputs (attributes), rows of cells written as `-`, `>= 100`,
 * `> 5, <= @band`, `in A, B` or `= x`, and the row's output.
 */
export function TablesEditor({ value, attributes, onChange }: { value: Record<string, DecisionTable>; attributes: Attribute[]; onChange: (next: Record<string, DecisionTable>) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const zh = i18n.language.startsWith('zh');
  const entries = Object.entries(value);
  const put = (name: string, table: DecisionTable | null) => {
    const next = { ...value };
    if (table) next[name] = table;
    else delete next[name];
    onChange(next);
  };
  const add = () => {
    let i = entries.length + 1;
    while (`table_${i}` in value) i++;
    const first = attributes.find((a) => a.key === 'revenue') ?? attributes[0];
    onChange({ ...value, [`table_${i}`]: { hitPolicy: 'first', inputs: [{ var: first?.key ?? '' }], rows: [{ when: ['-'], then: 0 }] } });
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {entries.length === 0 && <Typography.Text type="secondary">{t('drafting.tables.none')}</Typography.Text>}
      {entries.map(([name, table]) => {
        const setRow = (i: number, row: DecisionTable['rows'][number] | null) => put(name, { ...table, rows: row ? table.rows.map((r, k) => (k === i ? row : r)) : table.rows.filter((_, k) => k !== i) });
        return (
          <Card size="small" key={name} title={<Space wrap><Typography.Text strong>{name}</Typography.Text>
            <Select style={{ width: 130 }} value={table.hitPolicy} onChange={(hitPolicy: DecisionTable['hitPolicy']) => put(name, { ...table, hitPolicy, aggregate: hitPolicy === 'collect' ? 'sum' : undefined })}
              options={(['unique', 'first', 'collect'] as const).map((h) => ({ value: h, label: t(`drafting.tables.hit.${h}`) }))} />
          </Space>} extra={<Button size="small" danger type="text" onClick={() => put(name, null)}>{t('drafting.remove')}</Button>}>
            <Space wrap style={{ marginBottom: 8 }}>
              <Typography.Text>{t('drafting.tables.inputs')}</Typography.Text>
              {table.inputs.map((input, k) => {
                const key = (input as { var?: unknown })?.var;
                return typeof key === 'string'
                  ? <Select key={k} showSearch optionFilterProp="label" style={{ width: 220 }} value={key} options={attributeOptions(attributes, zh)} onChange={(v: string) => put(name, { ...table, inputs: table.inputs.map((x, j) => (j === k ? { var: v } : x)) })} />
                  : <Typography.Text key={k} code>{JSON.stringify(input)}</Typography.Text>;
              })}
              <Button size="small" onClick={() => put(name, { ...table, inputs: [...table.inputs, { var: attributes[0]?.key ?? '' }], rows: table.rows.map((r) => ({ ...r, when: [...r.when, '-'] })) })}>{t('drafting.tables.addInput')}</Button>
            </Space>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>{t('drafting.tables.cellHelp')}</Typography.Paragraph>
            {table.rows.map((row, i) => (
              <Space key={`${i}-${JSON.stringify(row)}`} wrap style={{ marginBottom: 4 }}>
                <Typography.Text type="secondary">{i + 1}</Typography.Text>
                {row.when.map((cell, k) => (
                  <Input key={k} style={{ width: 170 }} defaultValue={formatCell(cell)} onBlur={(e) => {
                    const parsed = parseCell(e.target.value);
                    if (parsed === null) { message.error(t('drafting.tables.badCell', { text: e.target.value })); return; }
                    setRow(i, { ...row, when: row.when.map((c, j) => (j === k ? parsed : c)) });
                  }} />
                ))}
                <Typography.Text>→</Typography.Text>
                <Input style={{ width: 110 }} defaultValue={String(row.then)} onBlur={(e) => setRow(i, { ...row, then: scalar(e.target.value) })} />
                <Button size="small" type="text" danger onClick={() => setRow(i, null)}>{t('drafting.remove')}</Button>
              </Space>
            ))}
            <Space>
              <Button size="small" onClick={() => put(name, { ...table, rows: [...table.rows, { when: table.inputs.map(() => '-'), then: 0 }] })}>{t('drafting.tables.addRow')}</Button>
              <Typography.Text>{t('drafting.tables.default')}</Typography.Text>
              <Input style={{ width: 110 }} defaultValue={table.default === undefined ? '' : String(table.default)} key={String(table.default)}
                onBlur={(e) => { const { default: _d, ...rest } = table; put(name, e.target.value.trim() === '' ? rest : { ...rest, default: scalar(e.target.value) }); }} />
            </Space>
          </Card>
        );
      })}
      <Button onClick={add}>{t('drafting.tables.add')}</Button>
    </Space>
  );
}
