import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { fingerprintHex } from './browser-verify.ts';
import { guessType, parseCsv, type ColumnType } from './csv.ts';
import { bytesToBase64, type Finding, percent, pledgeApi, pledgeErrorMessage, type QualityReport } from './pledge-api.ts';

const BASES = ['consent', 'contract', 'legal_duty', 'public_interest', 'anonymised'] as const;
const TYPES: ColumnType[] = ['string', 'integer', 'number', 'date', 'boolean'];
const SAMPLE_ROWS = 200;

interface LoadedFile {
  name: string;
  size: number;
  bytes: Uint8Array;
  columns: string[];
  rows: string[][];
}

/** The three rules' figures: findings by row and column, quality figures. */
export function RuleReport({ findings, quality }: { findings: Finding[]; quality: QualityReport | null }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {findings.length > 0 && (
        <Table
          size="small"
          rowKey={(f) => `${f.row}.${f.column}.${f.kind}`}
          dataSource={findings}
          pagination={false}
          data-testid="reg-findings"
          title={() => t('pledge.register.findingsTitle')}
          columns={[
            { title: t('pledge.register.row'), dataIndex: 'row', width: 80 },
            { title: t('pledge.register.column'), dataIndex: 'column', width: 180 },
            { title: t('pledge.register.kind'), dataIndex: 'kind', width: 160, render: (k: string) => <Tag color="red">{t(`pledge.sensitive.${k}`)}</Tag> },
            { title: t('pledge.register.excerpt'), dataIndex: 'excerpt' },
          ]}
        />
      )}
      {quality && (
        <Descriptions size="small" bordered column={{ xs: 1, sm: 2, md: 4 }} data-testid="reg-quality" title={t('pledge.register.qualityTitle')}>
          <Descriptions.Item label={t('pledge.quality.rows')}>{quality.rows}</Descriptions.Item>
          <Descriptions.Item label={t('pledge.quality.completeness')}>{percent(quality.completeness)}</Descriptions.Item>
          <Descriptions.Item label={t('pledge.quality.duplicates')}>{`${quality.duplicateRows} (${percent(quality.duplicateRate)})`}</Descriptions.Item>
          <Descriptions.Item label={t('pledge.quality.conformity')}>{percent(quality.schemaConformity)}</Descriptions.Item>
          <Descriptions.Item label={t('pledge.quality.verdict')}>
            <Tag color={quality.passed ? 'green' : 'red'}>{quality.passed ? t('pledge.quality.passed') : t('pledge.quality.failed')}</Tag>
            {quality.failures.join('; ')}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Space>
  );
}

/**
 * A company registers a data asset: the file stays in the browser (its fingerprint is computed
 * here, a sample of rows goes to the rules), unless the company chooses custody.
 */
export default function RegisterAssetPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const previousId = params.get('previous') ?? undefined;
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [classes, setClasses] = useState('');
  const [consents, setConsents] = useState<Record<string, { basis: string; scope: string; date: string }>>({});
  const [alg, setAlg] = useState<'sha256' | 'sm3'>('sha256');
  const [file, setFile] = useState<LoadedFile | null>(null);
  const [fingerprint, setFingerprint] = useState('');
  const [schema, setSchema] = useState<{ name: string; type: ColumnType; required: boolean }[]>([]);
  const [custody, setCustody] = useState(false);
  const [findings, setFindings] = useState<Finding[]>([]);
  const [quality, setQuality] = useState<QualityReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const subjectClasses = [...new Set(classes.split(/[,，、\s]+/).map((c) => c.trim()).filter(Boolean))];
  const today = new Date().toISOString().slice(0, 10);
  const consentOf = (c: string) => consents[c] ?? { basis: 'consent', scope: '', date: today };

  async function load(selected: File | undefined, hashAlg = alg) {
    setError(null);
    setFindings([]);
    setQuality(null);
    if (!selected) return;
    const bytes = new Uint8Array(await selected.arrayBuffer());
    const table = parseCsv(new TextDecoder().decode(bytes), SAMPLE_ROWS + 1);
    const [columns = [], ...rows] = table;
    setFile({ name: selected.name, size: selected.size, bytes, columns, rows });
    setSchema(columns.map((c, i) => ({ name: c.trim(), type: guessType(rows.map((r) => r[i] ?? '')), required: true })));
    setFingerprint(await fingerprintHex(hashAlg, bytes));
  }

  function body() {
    if (!file) throw new Error(t('pledge.register.noFile'));
    return {
      name, description, subjectClasses, hashAlg: alg, fingerprint, fileName: file.name, fileSize: file.size, previousId,
      consents: subjectClasses.map((c) => ({ subjectClass: c, ...consentOf(c) })),
      schema,
      sample: { columns: file.columns, rows: file.rows.map((r) => file.columns.map((_, i) => r[i] ?? '')) },
    };
  }

  async function check() {
    setBusy(true);
    setError(null);
    try {
      const report = await pledgeApi.check(body());
      setFindings(report.findings);
      setQuality(report.quality);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const b = body();
      const created = await pledgeApi.register(custody ? { ...b, custodyData: bytesToBase64(file!.bytes) } : b);
      navigate(`/pledge/asset?id=${created.asset.id}`);
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'validation.data_rules') {
        setFindings((failure.details.findings as Finding[] | undefined) ?? []);
        setQuality((failure.details.quality as QualityReport | undefined) ?? null);
      }
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{previousId ? t('pledge.register.newVersionTitle') : t('pledge.register.title')}</Typography.Title>
      <Alert type="info" showIcon title={t('pledge.register.privacy')} />
      <Card>
        <Form layout="vertical" onFinish={() => void submit()}>
          <Form.Item label={t('pledge.register.name')} required>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} data-testid="reg-name" />
          </Form.Item>
          <Form.Item label={t('pledge.register.description')}>
            <Input.TextArea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} maxLength={2000} data-testid="reg-description" />
          </Form.Item>
          <Form.Item label={t('pledge.register.classes')} extra={t('pledge.register.classesHint')} required>
            <Input value={classes} onChange={(e) => setClasses(e.target.value)} data-testid="reg-classes" />
          </Form.Item>
          {subjectClasses.map((c, i) => (
            <Form.Item key={c} label={t('pledge.register.consentFor', { cls: c })} required>
              <Space wrap>
                <Select style={{ width: 180 }} value={consentOf(c).basis} onChange={(basis) => setConsents({ ...consents, [c]: { ...consentOf(c), basis } })} options={BASES.map((b) => ({ value: b, label: t(`pledge.basis.${b}`) }))} />
                <Input style={{ width: 300 }} placeholder={t('pledge.register.scope')} value={consentOf(c).scope} onChange={(e) => setConsents({ ...consents, [c]: { ...consentOf(c), scope: e.target.value } })} data-testid={`reg-scope-${i}`} />
                <Input type="date" style={{ width: 170 }} value={consentOf(c).date} onChange={(e) => setConsents({ ...consents, [c]: { ...consentOf(c), date: e.target.value } })} />
              </Space>
            </Form.Item>
          ))}
          <Form.Item label={t('pledge.register.alg')}>
            <Radio.Group value={alg} onChange={(e) => { setAlg(e.target.value as 'sha256' | 'sm3'); if (file) void fingerprintHex(e.target.value as 'sha256' | 'sm3', file.bytes).then(setFingerprint); }}>
              <Radio value="sha256">SHA-256</Radio>
              <Radio value="sm3">SM3</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item label={t('pledge.register.file')} extra={t('pledge.register.fileHint', { rows: SAMPLE_ROWS })} required>
            <input type="file" accept=".csv,text/csv" data-testid="reg-file" onChange={(e) => void load(e.target.files?.[0])} />
          </Form.Item>
          {fingerprint && (
            <Form.Item label={t('pledge.register.fingerprint', { alg: alg.toUpperCase() })}>
              <Typography.Text code copyable data-testid="reg-fingerprint">{fingerprint}</Typography.Text>
            </Form.Item>
          )}
          {schema.length > 0 && (
            <Form.Item label={t('pledge.register.schema')}>
              <Table
                size="small"
                rowKey="name"
                pagination={false}
                dataSource={schema}
                columns={[
                  { title: t('pledge.register.column'), dataIndex: 'name' },
                  { title: t('pledge.register.type'), dataIndex: 'type', render: (v: ColumnType, _r, i) => <Select size="small" style={{ width: 120 }} value={v} onChange={(type) => setSchema(schema.map((s, k) => (k === i ? { ...s, type } : s)))} options={TYPES.map((x) => ({ value: x, label: x }))} /> },
                  { title: t('pledge.register.required'), dataIndex: 'required', render: (v: boolean, _r, i) => <Checkbox checked={v} onChange={(e) => setSchema(schema.map((s, k) => (k === i ? { ...s, required: e.target.checked } : s)))} /> },
                ]}
              />
            </Form.Item>
          )}
          <Form.Item label={t('pledge.register.custody')} extra={t('pledge.register.custodyHint')}>
            <Switch checked={custody} onChange={setCustody} data-testid="reg-custody" />
          </Form.Item>
          <Space>
            <Button onClick={() => void check()} disabled={!file || busy} data-testid="reg-check">{t('pledge.register.check')}</Button>
            <Button type="primary" htmlType="submit" disabled={!file || !name || busy} loading={busy} data-testid="reg-submit">{t('pledge.register.submit')}</Button>
          </Space>
        </Form>
      </Card>
      {error !== null && <Alert type="error" showIcon title={pledgeErrorMessage(error, t)} data-testid="reg-error" />}
      <RuleReport findings={findings} quality={quality} />
    </Space>
  );
}
