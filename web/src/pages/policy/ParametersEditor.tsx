import { Button, Card, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fenToYuan, yuanToFen } from './condition-tree.ts';

/** A dated parameter as a unit holds it. */
export interface Parameter {
  kind?: 'money' | 'ratio' | 'number' | 'text';
  zh?: string;
  en?: string;
  values: { from: string; value: number | string | boolean }[];
}

/** Dated parameters: per parameter its kind, label and a value per effective date (money in yuan, stored as fen). */
export function ParametersEditor({ value, onChange }: { value: Record<string, Parameter>; onChange: (next: Record<string, Parameter>) => void }) {
  const { t } = useTranslation();
  const entries = Object.entries(value);
  const put = (name: string, p: Parameter | null, rename?: string) => {
    const next: Record<string, Parameter> = {};
    for (const [k, v] of entries) {
      if (k !== name) next[k] = v;
      else if (p) next[rename ?? k] = p;
    }
    onChange(next);
  };
  const add = () => {
    let i = entries.length + 1;
    while (`param_${i}` in value) i++;
    onChange({ ...value, [`param_${i}`]: { kind: 'number', values: [{ from: new Date().toISOString().slice(0, 10), value: 0 }] } });
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {entries.length === 0 && <Typography.Text type="secondary">{t('drafting.params.none')}</Typography.Text>}
      {entries.map(([name, p]) => (
        <Card size="small" key={name} data-testid={`param-${name}`}
          title={<Space wrap>
            <Input style={{ width: 180 }} defaultValue={name} key={name} onBlur={(e) => { const n = e.target.value.trim(); if (n && n !== name && !(n in value)) put(name, p, n); }} />
            <Select style={{ width: 120 }} value={p.kind ?? 'number'} onChange={(kind: Parameter['kind']) => put(name, { ...p, kind })}
              options={(['money', 'ratio', 'number', 'text'] as const).map((k) => ({ value: k, label: t(`drafting.params.kind.${k}`) }))} />
            <Input style={{ width: 200 }} placeholder={t('drafting.params.label')} value={p.zh ?? ''} onChange={(e) => put(name, { ...p, zh: e.target.value, en: p.en ?? name })} />
          </Space>}
          extra={<Button size="small" danger type="text" onClick={() => put(name, null)}>{t('drafting.remove')}</Button>}
        >
          {p.values.map((dv, i) => {
            const setValue = (v: number | string) => put(name, { ...p, values: p.values.map((x, k) => (k === i ? { ...x, value: v } : x)) });
            return (
              <Space key={i} wrap style={{ marginBottom: 4 }}>
                <Typography.Text>{t('drafting.params.from')}</Typography.Text>
                <Input type="date" style={{ width: 160 }} value={dv.from} onChange={(e) => put(name, { ...p, values: p.values.map((x, k) => (k === i ? { ...x, from: e.target.value } : x)) })} />
                {p.kind === 'text'
                  ? <Input style={{ width: 160 }} value={String(dv.value)} onChange={(e) => setValue(e.target.value)} />
                  : p.kind === 'money'
                    ? <InputNumber style={{ width: 200 }} addonAfter={t('drafting.yuan')} value={fenToYuan(Number(dv.value))} onChange={(v) => setValue(yuanToFen(Number(v ?? 0)))} />
                    : <InputNumber style={{ width: 160 }} value={Number(dv.value)} step={p.kind === 'ratio' ? 0.01 : 1} onChange={(v) => setValue(Number(v ?? 0))} />}
                {p.values.length > 1 && <Button size="small" type="text" danger onClick={() => put(name, { ...p, values: p.values.filter((_, k) => k !== i) })}>{t('drafting.remove')}</Button>}
              </Space>
            );
          })}
          <Button size="small" onClick={() => put(name, { ...p, values: [...p.values, { from: new Date().toISOString().slice(0, 10), value: p.values[p.values.length - 1]?.value ?? 0 }] })}>{t('drafting.params.addValue')}</Button>
        </Card>
      ))}
      <Button onClick={add} data-testid="param-add">{t('drafting.params.add')}</Button>
    </Space>
  );
}
