import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, Steps, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, type FieldProblem } from '../../api/client.ts';
import { childrenOf } from '../../../../src/kernel/divisions.ts';
import { entryApi, type EntryForm } from './entry-api.ts';
import { marketApi, type Guidance } from './market-api.ts';

const CITY = '330100';
const LEGAL_FORMS = ['llc', 'jsc', 'partnership', 'sole', 'individual'] as const;

/**
 * The entry application (企业开办一件事), continuing from the licence guide: the scope and the licences
 * chosen there → name and registration facts → people (ID numbers checked by the server) → submit.
 * Every refusal of the server is shown with its field and rule.
 */
export default function ApplyPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const scopeCodes = useMemo(() => (params.get('scope') ?? '').split(',').filter(Boolean), [params]);
  const [items, setItems] = useState<string[]>((params.get('items') ?? '').split(',').filter(Boolean));
  // The guidance is read for the scope and the items carried over from the guide; ticking items below narrows the choice.
  const carried = useMemo(() => (params.get('items') ?? '').split(',').filter(Boolean), [params]);
  const [guidance, setGuidance] = useState<Guidance | null>(null);
  const [step, setStep] = useState(0);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const districtCode = Form.useWatch(['address', 'districtCode'], form) as string | undefined;
  const districts = useMemo(() => childrenOf(CITY).map((d) => ({ value: d.code, label: d.name })), []);
  const towns = useMemo(() => (districtCode ? childrenOf(districtCode).map((d) => ({ value: d.code, label: d.name })) : []), [districtCode]);

  useEffect(() => {
    if (scopeCodes.length === 0) return;
    marketApi.suggest({ scopeCodes, add: carried, remove: [] }).then(setGuidance, () => setGuidance(null));
  }, [scopeCodes, carried]);

  const submit = async () => {
    const v = form.getFieldsValue(true) as Omit<EntryForm, 'scopeCodes' | 'items'> & { legalRep: { name: string; idNumber: string; phone?: string }; supervisor: { name: string; idNumber: string } };
    const body: EntryForm = {
      name: v.name, legalForm: v.legalForm, registeredCapitalYuan: Number(v.registeredCapitalYuan), address: v.address, scopeCodes, items, commitment: Boolean(v.commitment),
      shareholders: [{ ...v.legalRep, subscribedYuan: Number(v.registeredCapitalYuan) }],
      officers: [{ ...v.legalRep, position: 'legal_rep' }, ...(v.supervisor?.name ? [{ ...v.supervisor, position: 'supervisor' as const }] : [])],
    };
    setBusy(true);
    setProblems([]);
    try {
      const created = await entryApi.submit(body);
      message.success(t('marketEntry.apply.submitted'));
      navigate(`/market/applications?id=${encodeURIComponent(created.id)}`);
    } catch (err) {
      if (err instanceof ApiError && err.details.errors) setProblems(err.details.errors);
      else message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const suggested = guidance?.items.filter((i) => i.code !== 'business_licence') ?? [];
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('marketEntry.apply.title')}</Typography.Title>
      <Steps current={step} items={[{ title: t('marketEntry.apply.stepItems') }, { title: t('marketEntry.apply.stepFacts') }, { title: t('marketEntry.apply.stepPeople') }]} />
      {problems.length > 0 && (
        <Alert type="error" showIcon data-testid="apply-problems" title={t('marketEntry.apply.problems')}
          description={<ul style={{ margin: 0 }}>{problems.map((p) => <li key={`${p.field}-${p.rule}`}><code>{p.field}</code> · {p.rule}：{p.message}</li>)}</ul>} />
      )}
      <Form form={form} layout="vertical" initialValues={{ legalForm: 'llc', registeredCapitalYuan: 1_000_000, commitment: false }}>
        <div style={{ display: step === 0 ? 'block' : 'none' }}>
          <Card title={t('marketEntry.apply.scope')}>
            <Space wrap data-testid="apply-scope">{guidance?.scope.map((e) => <Tag key={e.code}>{e.wording}</Tag>) ?? scopeCodes.join('、')}</Space>
          </Card>
          <Card title={t('marketEntry.apply.items')} style={{ marginTop: 16 }}>
            <Table rowKey="code" size="small" pagination={false} dataSource={suggested} data-testid="apply-items"
              rowSelection={{ selectedRowKeys: items, onChange: (keys) => setItems(keys as string[]) }}
              columns={[
                { title: t('market.col.item'), dataIndex: 'name', key: 'name' },
                { title: t('market.col.department'), dataIndex: 'departmentName', key: 'dept' },
                { title: t('market.col.kind'), key: 'mode', render: (_: unknown, i: (typeof suggested)[number]) => <Tag>{t(`market.mode.${i.mode}`)}</Tag> },
                { title: t('market.col.limit'), key: 'limit', render: (_: unknown, i: (typeof suggested)[number]) => (i.timeLimitDays === 0 ? t('market.instant') : t('market.days', { count: i.timeLimitDays })) },
              ]} />
          </Card>
          <Button type="primary" style={{ marginTop: 16 }} data-testid="apply-next-1" onClick={() => setStep(1)}>{t('marketEntry.apply.next')}</Button>
        </div>
        <div style={{ display: step === 1 ? 'block' : 'none' }}>
          <Card>
            <Form.Item name="name" label={t('marketEntry.apply.name')} required><Input data-testid="apply-name" placeholder={t('marketEntry.apply.namePlaceholder')} /></Form.Item>
            <Form.Item name="legalForm" label={t('marketEntry.apply.legalForm')}>
              <Select options={LEGAL_FORMS.map((f) => ({ value: f, label: t(`marketEntry.form.${f}`) }))} />
            </Form.Item>
            <Form.Item name="registeredCapitalYuan" label={t('marketEntry.apply.capital')}><InputNumber data-testid="apply-capital" min={0} style={{ width: 240 }} /></Form.Item>
            <Form.Item name={['address', 'districtCode']} label={t('marketEntry.apply.district')}><Select data-testid="apply-district" options={districts} showSearch optionFilterProp="label" /></Form.Item>
            <Form.Item name={['address', 'townCode']} label={t('marketEntry.apply.town')}><Select data-testid="apply-town" options={towns} showSearch optionFilterProp="label" /></Form.Item>
            <Form.Item name={['address', 'detail']} label={t('marketEntry.apply.detail')}><Input data-testid="apply-detail" /></Form.Item>
          </Card>
          <Space style={{ marginTop: 16 }}>
            <Button onClick={() => setStep(0)}>{t('marketEntry.apply.back')}</Button>
            <Button type="primary" data-testid="apply-next-2" onClick={() => setStep(2)}>{t('marketEntry.apply.next')}</Button>
          </Space>
        </div>
        <div style={{ display: step === 2 ? 'block' : 'none' }}>
          <Card title={t('marketEntry.apply.legalRep')}>
            <Space wrap>
              <Form.Item name={['legalRep', 'name']} label={t('marketEntry.apply.personName')}><Input data-testid="apply-rep-name" /></Form.Item>
              <Form.Item name={['legalRep', 'idNumber']} label={t('marketEntry.apply.idNumber')}><Input data-testid="apply-rep-id" style={{ width: 220 }} /></Form.Item>
              <Form.Item name={['legalRep', 'phone']} label={t('marketEntry.apply.phone')}><Input data-testid="apply-rep-phone" /></Form.Item>
            </Space>
          </Card>
          <Card title={t('marketEntry.apply.supervisor')} style={{ marginTop: 16 }}>
            <Space wrap>
              <Form.Item name={['supervisor', 'name']} label={t('marketEntry.apply.personName')}><Input data-testid="apply-sup-name" /></Form.Item>
              <Form.Item name={['supervisor', 'idNumber']} label={t('marketEntry.apply.idNumber')}><Input data-testid="apply-sup-id" style={{ width: 220 }} /></Form.Item>
            </Space>
          </Card>
          <Form.Item name="commitment" valuePropName="checked" style={{ marginTop: 16 }}>
            <Checkbox data-testid="apply-commitment">{t('marketEntry.apply.commitment')}</Checkbox>
          </Form.Item>
          <Space>
            <Button onClick={() => setStep(1)}>{t('marketEntry.apply.back')}</Button>
            <Button type="primary" loading={busy} data-testid="apply-submit" onClick={() => void submit()}>{t('marketEntry.apply.submit')}</Button>
          </Space>
        </div>
      </Form>
    </Space>
  );
}
