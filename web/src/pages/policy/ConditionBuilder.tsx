import type { ReactNode } from 'react';
import { Button, Input, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { AttributeValueInput, attributeOptions } from './attribute-inputs.tsx';
import { replaceAt, toJson, toTree, type CondNode, type LeafOp, type LeafValue } from './condition-tree.ts';
import type { Attribute } from './drafts-api.ts';

const NUMERIC_OPS: LeafOp[] = ['>=', '>', '<=', '<', '==', '!='];

function opsFor(a: Attribute | undefined): LeafOp[] {
  if (!a) return NUMERIC_OPS;
  if (a.type === 'enum') return ['==', '!=', 'in'];
  if (a.type === 'set') return ['has'];
  if (a.type === 'boolean' || a.type === 'text') return ['==', '!='];
  return NUMERIC_OPS;
}

function defaultValue(a: Attribute | undefined, op: LeafOp): LeafValue {
  if (op === 'in') return { kind: 'list', v: [] };
  if (a?.type === 'boolean') return { kind: 'literal', v: true };
  if (a?.type === 'enum' || a?.type === 'set') return { kind: 'literal', v: a.values?.[0] ?? '' };
  if (a?.type === 'date' || a?.type === 'text') return { kind: 'literal', v: '' };
  return { kind: 'literal', v: 0 };
}

/** A new leaf: the first numeric attribute (employees when there is one) at least 1. */
function newLeaf(attributes: Attribute[]): CondNode {
  const a = attributes.find((x) => x.key === 'employees') ?? attributes.find((x) => x.type === 'integer') ?? attributes[0];
  return { type: 'leaf', attr: a?.key ?? '', op: '>=', value: { kind: 'literal', v: 1 } };
}

interface Props {
  value: unknown;
  attributes: Attribute[];
  parameters: string[];
  tables: string[];
  onChange: (expr: unknown) => void;
}

/**
 * The condition-tree builder: all / any / not groups of conditions "attribute operator value", the
 * attribute from the mirror's catalogue with its type and unit, enum values from their code list,
 * thresholds as literals, dated parameters or decision tables; anything else as raw JSON.
 */
export function ConditionBuilder({ value, attributes, parameters, tables, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  const parsed = toTree(value);
  // The root is always a group, so there is somewhere to add the first condition.
  const root: CondNode = parsed.type === 'group' ? parsed : { type: 'group', op: 'and', children: [parsed] };
  const byKey = new Map(attributes.map((a) => [a.key, a]));
  const set = (path: number[], next: CondNode | null) => onChange(toJson(replaceAt(root, path, next) ?? { type: 'group', op: 'and', children: [] }));

  function leafView(node: Extract<CondNode, { type: 'leaf' }>, path: number[]) {
    const a = byKey.get(node.attr);
    const sources = [{ value: 'literal', label: t('drafting.cond.literal') }, ...(parameters.length ? [{ value: 'param', label: t('drafting.cond.param') }] : []), ...(tables.length ? [{ value: 'table', label: t('drafting.cond.table') }] : [])];
    const v = node.value;
    return (
      <Space wrap data-testid="cond-leaf">
        <Select
          data-testid="cond-attr" showSearch optionFilterProp="label" style={{ width: 260 }} value={node.attr} options={attributeOptions(attributes, zh)}
          onChange={(key: string) => { const na = byKey.get(key); const op = opsFor(na)[0]; set(path, { type: 'leaf', attr: key, op, value: defaultValue(na, op) }); }}
        />
        {a && <Tag>{t(`drafting.type.${a.type}`)}{a.unit ? ` · ${zh ? a.unit.zh : a.unit.en}` : ''}{a.periods && a.periods > 1 ? ` · ${t('drafting.cond.latest')}` : ''}</Tag>}
        <Select data-testid="cond-op" style={{ width: 90 }} value={node.op} options={opsFor(a).map((o) => ({ value: o, label: t(`drafting.op.${o === '==' ? 'eq' : o === '!=' ? 'ne' : o === '>=' ? 'ge' : o === '<=' ? 'le' : o === '>' ? 'gt' : o === '<' ? 'lt' : o}`) }))}
          onChange={(op: LeafOp) => set(path, { ...node, op, value: (op === 'in') === (v.kind === 'list') ? v : defaultValue(a, op) })} />
        {node.op !== 'in' && node.op !== 'has' && sources.length > 1 && (
          <Select style={{ width: 110 }} value={v.kind} options={sources}
            onChange={(kind: string) => set(path, { ...node, value: kind === 'param' ? { kind: 'param', name: parameters[0] } : kind === 'table' ? { kind: 'table', name: tables[0] } : defaultValue(a, node.op) })} />
        )}
        {v.kind === 'param' && <Select style={{ width: 180 }} value={v.name} options={parameters.map((p) => ({ value: p, label: p }))} onChange={(name: string) => set(path, { ...node, value: { kind: 'param', name } })} />}
        {v.kind === 'table' && <Select style={{ width: 180 }} value={v.name} options={tables.map((p) => ({ value: p, label: p }))} onChange={(name: string) => set(path, { ...node, value: { kind: 'table', name } })} />}
        {(v.kind === 'literal' || v.kind === 'list') && (
          <AttributeValueInput testId="cond-value" attribute={a} multiple={node.op === 'in'} value={v.v}
            onChange={(x) => set(path, { ...node, value: node.op === 'in' ? { kind: 'list', v: (x as string[]) ?? [] } : { kind: 'literal', v: x as number | string | boolean | null } })} />
        )}
        <Button size="small" danger type="text" onClick={() => set(path, null)}>{t('drafting.remove')}</Button>
      </Space>
    );
  }

  function rawView(node: Extract<CondNode, { type: 'raw' }>, path: number[]) {
    return (
      <Space align="start" style={{ width: '100%' }}>
        <Tag color="purple">{t('drafting.cond.raw')}</Tag>
        <Input.TextArea
          key={JSON.stringify(node.json)} autoSize style={{ fontFamily: 'monospace', minWidth: 420 }} defaultValue={JSON.stringify(node.json)}
          onBlur={(e) => { try { set(path, { type: 'raw', json: JSON.parse(e.target.value) }); } catch { /* kept until it parses */ } }}
        />
        <Button size="small" danger type="text" onClick={() => set(path, null)}>{t('drafting.remove')}</Button>
      </Space>
    );
  }

  function view(node: CondNode, path: number[]): ReactNode {
    if (node.type === 'leaf') return leafView(node, path);
    if (node.type === 'raw') return rawView(node, path);
    const add = (child: CondNode) => set(path, { ...node, children: [...node.children, child] });
    return (
      <div style={{ borderLeft: '3px solid #1d63d8', paddingLeft: 12, margin: '4px 0' }} data-testid={path.length === 0 ? 'cond-root' : 'cond-group'}>
        <Space wrap>
          <Select style={{ width: 150 }} value={node.op} data-testid="cond-group-op"
            options={[{ value: 'and', label: t('drafting.cond.all') }, { value: 'or', label: t('drafting.cond.any') }, { value: 'not', label: t('drafting.cond.not') }]}
            onChange={(op: 'and' | 'or' | 'not') => set(path, { ...node, op })} />
          <Button size="small" data-testid={path.length === 0 ? 'cond-add-leaf' : undefined} onClick={() => add(newLeaf(attributes))}>{t('drafting.cond.addLeaf')}</Button>
          <Button size="small" onClick={() => add({ type: 'group', op: 'or', children: [newLeaf(attributes)] })}>{t('drafting.cond.addGroup')}</Button>
          {path.length > 0 && <Button size="small" danger type="text" onClick={() => set(path, null)}>{t('drafting.remove')}</Button>}
        </Space>
        {node.children.length === 0 && <Typography.Paragraph type="secondary">{t('drafting.cond.empty')}</Typography.Paragraph>}
        {node.children.map((c, i) => <div key={i} style={{ marginTop: 6 }}>{view(c, [...path, i])}</div>)}
      </div>
    );
  }

  return <>{view(root, [])}</>;
}
