import { Button, Card, Input, InputNumber, Select, Space, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../format.ts';
import { attributeOptions } from './attribute-inputs.tsx';
import { fenToYuan, yuanToFen } from './condition-tree.ts';
import type { Attribute, TestResult } from './drafts-api.ts';

/** An author test as a unit holds it. */
export interface AuthorTest {
  name: string;
  asOf?: string;
  facts: Record<string, unknown>;
  eligible: boolean;
  amount?: number;
}

/** A fact as typed: lists comma-separated (periods latest first, set members), money in yuan. */
export function factFromText(a: Attribute | undefined, text: string): unknown {
  const one = (s: string): unknown => {
    const x = s.trim();
    if (!a || a.type === 'enum' || a.type === 'text' || a.type === 'date') return x;
    if (a.type === 'boolean') return x === 'true' || x === '1' || x === 'yes';
    const n = Number(x);
    if (x === '' || !Number.isFinite(n)) return x;
    return a.type === 'money' ? yuanToFen(n) : n;
  };
  if (a?.type === 'set') return text.split(/[,，]/).map((s) => s.trim()).filter(Boolean);
  if (a?.periods && a.periods > 1) return text.split(/[,，]/).map(one);
  return one(text);
}

/** The text of a fact (inverse of `factFromText`). */
export function factToText(a: Attribute | undefined, v: unknown): string {
  const one = (x: unknown) => (a?.type === 'money' && typeof x === 'number' ? String(fenToYuan(x)) : String(x));
  return Array.isArray(v) ? v.map(one).join(', ') : v === undefined || v === null ? '' : one(v);
}

/** Author tests (given facts → expected outcome), with the live result of each beside it. */
export function AuthorTestsEditor({ value, attributes, results, template, onChange }: {
  value: AuthorTest[]; attributes: Attribute[]; results: TestResult[] | null;
  /** The facts a new test starts with (the attributes the unit reads). */
  template: Record<string, unknown>;
  onChange: (next: AuthorTest[]) => void;
}) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  const byKey = new Map(attributes.map((a) => [a.key, a]));
  const put = (i: number, test: AuthorTest | null) => onChange(test ? value.map((x, k) => (k === i ? test : x)) : value.filter((_, k) => k !== i));

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {value.length === 0 && <Typography.Text type="secondary">{t('drafting.tests.none')}</Typography.Text>}
      {value.map((test, i) => {
        const r = results?.[i];
        const facts = Object.entries(test.facts);
        return (
          <Card size="small" key={i} data-testid={`author-test-${i}`}
            title={<Space wrap>
              <Input data-testid={`test-name-${i}`} style={{ width: 220 }} value={test.name} onChange={(e) => put(i, { ...test, name: e.target.value })} />
              <Input type="date" style={{ width: 160 }} value={test.asOf ?? ''} onChange={(e) => { const { asOf: _a, ...rest } = test; put(i, e.target.value ? { ...rest, asOf: e.target.value } : rest); }} />
            </Space>}
            extra={<Space>
              {r && <Tag data-testid={`test-result-${i}`} color={r.passed ? 'green' : 'red'}>{r.passed ? t('drafting.tests.pass') : t('drafting.tests.fail')}</Tag>}
              <Button size="small" danger type="text" onClick={() => put(i, null)}>{t('drafting.remove')}</Button>
            </Space>}
          >
            <Typography.Text type="secondary">{t('drafting.tests.given')}</Typography.Text>
            {facts.map(([key, v]) => (
              <Space key={key} wrap style={{ display: 'flex', marginBottom: 4 }}>
                <Select showSearch optionFilterProp="label" style={{ width: 260 }} value={key} options={attributeOptions(attributes, zh)}
                  onChange={(k: string) => put(i, { ...test, facts: Object.fromEntries(facts.map(([fk, fv]) => (fk === key ? [k, fv] : [fk, fv]))) })} />
                <Input data-testid={`test-fact-${i}-${key}`} style={{ width: 220 }} key={`${key}-${JSON.stringify(v)}`} defaultValue={factToText(byKey.get(key), v)}
                  placeholder={byKey.get(key)?.periods ? t('drafting.tests.periodsHint') : undefined}
                  onBlur={(e) => put(i, { ...test, facts: { ...test.facts, [key]: factFromText(byKey.get(key), e.target.value) } })} />
                <Button size="small" type="text" danger onClick={() => put(i, { ...test, facts: Object.fromEntries(facts.filter(([fk]) => fk !== key)) })}>{t('drafting.remove')}</Button>
              </Space>
            ))}
            <Button size="small" onClick={() => { const a = attributes.find((x) => !(x.key in test.facts)); if (a) put(i, { ...test, facts: { ...test.facts, [a.key]: a.type === 'enum' ? a.values?.[0] ?? '' : 0 } }); }}>{t('drafting.tests.addFact')}</Button>
            <Space wrap style={{ display: 'flex', marginTop: 8 }}>
              <Typography.Text>{t('drafting.tests.expect')}</Typography.Text>
              <Switch data-testid={`test-eligible-${i}`} checked={test.eligible} checkedChildren={t('drafting.tests.eligible')} unCheckedChildren={t('drafting.tests.notEligible')} onChange={(eligible) => put(i, { ...test, eligible })} />
              <InputNumber data-testid={`test-amount-${i}`} addonAfter={t('drafting.yuan')} placeholder={t('drafting.tests.anyAmount')} value={test.amount === undefined ? null : fenToYuan(test.amount)}
                onChange={(v) => { const { amount: _a, ...rest } = test; put(i, v === null ? rest : { ...rest, amount: yuanToFen(Number(v)) }); }} />
              {r && <Typography.Text type={r.passed ? 'success' : 'danger'}>
                {t('drafting.tests.got', { result: r.actual.eligible ? t('drafting.tests.eligible') : t('drafting.tests.notEligible'), amount: formatFen(r.actual.amount) })}{r.error ? ` · ${r.error}` : ''}
              </Typography.Text>}
            </Space>
          </Card>
        );
      })}
      <Button data-testid="test-add" onClick={() => onChange([...value, { name: t('drafting.tests.newName', { n: value.length + 1 }), facts: { ...template }, eligible: true }])}>{t('drafting.tests.add')}</Button>
    </Space>
  );
}
