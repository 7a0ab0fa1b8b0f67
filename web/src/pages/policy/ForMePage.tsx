import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, InputNumber, List, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import { formatFen } from '../../format.ts';
import { policyApi, uploadFile, type BankAccount, type Claim, type ForMe, type Payment, type Quote, type UploadedFile } from './policy-api.ts';
import { SubscriptionsCard } from './SubscriptionsCard.tsx';

const STATUS_COLOURS: Record<Claim['status'], string> = {
  awaiting_account: 'gold', pending_review: 'blue', approved: 'cyan', paying: 'geekblue', paid: 'green', payment_returned: 'orange', rejected: 'red', revoked: 'red',
};

type ClaimForm = BankAccount & { answers?: Record<string, number | null>; certificateUploads?: Record<string, string> };

/** "Policies for me" (政策计算器): the units a company is eligible for, its near misses with why not, its claims and payments. */
export default function ForMePage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const zh = i18n.language.startsWith('zh');
  const [data, setData] = useState<ForMe | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [claiming, setClaiming] = useState<{ unitId: string; quote: Quote } | null>(null);
  const [confirming, setConfirming] = useState<Claim | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<ClaimForm>();
  const [accountForm] = Form.useForm<BankAccount>();

  const load = useCallback(() => {
    policyApi.forMe().then(setData).catch(setError);
  }, []);
  useEffect(load, [load]);

  async function run(work: () => Promise<unknown>, done: string) {
    setBusy(true);
    try {
      await work();
      message.success(done);
      setClaiming(null);
      setConfirming(null);
      form.resetFields();
      accountForm.resetFields();
      load();
    } catch (failure) {
      message.error(errorMessage(failure, t));
    } finally {
      setBusy(false);
    }
  }

  async function openClaim(unitId: string) {
    try {
      setClaiming({ unitId, quote: await policyApi.quote(unitId) });
    } catch (failure) {
      message.error(errorMessage(failure, t));
    }
  }

  function submitClaim(values: ClaimForm) {
    if (!claiming) return;
    const answers = Object.fromEntries(Object.entries(values.answers ?? {}).filter(([, v]) => v !== null && v !== undefined));
    const account = { name: values.name, number: values.number, bank: values.bank };
    const certificateUploads = values.certificateUploads && Object.keys(values.certificateUploads).length > 0 ? values.certificateUploads : undefined;
    void run(() => policyApi.apply(claiming.unitId, { answers, account, certificateUploads }), t('policy.forMe.claimed'));
  }

  if (error) return <Alert type="error" showIcon message={errorMessage(error, t)} />;
  const claimOf = (unitId: string) => data?.claims.find((c) => c.unitId === unitId);
  const paymentText = (p: Payment | undefined) => (p ? `${t(`policy.payment.${p.status}`)}${p.reason ? ` · ${p.reason}` : ''}` : '');

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('policy.forMe.title')}</Typography.Title>
      <Card title={t('policy.forMe.eligible')} loading={!data}>
        <Table
          rowKey="id" pagination={false} dataSource={data?.eligible ?? []} locale={{ emptyText: <Empty description={t('policy.forMe.noneEligible')} /> }}
          columns={[
            { title: t('policy.unit'), key: 'title', render: (_: unknown, u: ForMe['eligible'][number]) => <span data-testid={`forme-eligible-${u.id}`}>{zh ? u.title.zh : u.title.en}</span> },
            { title: t('policy.amount'), dataIndex: 'amount', key: 'amount', render: (fen: number) => formatFen(fen) },
            { title: t('policy.mode.label'), dataIndex: 'mode', key: 'mode', render: (m: string | null) => (m ? <Tag>{t(`policy.mode.${m}`)}</Tag> : <Typography.Text type="secondary">{t('policy.forMe.notOpen')}</Typography.Text>) },
            {
              title: t('policy.forMe.claim'), key: 'claim',
              render: (_: unknown, u: ForMe['eligible'][number]) => {
                const c = claimOf(u.id);
                if (c) return <Space wrap><Tag color={STATUS_COLOURS[c.status]} data-testid={`claim-status-${u.id}`}>{t(`policy.status.${c.status}`)}</Tag>
                  {(c.status === 'awaiting_account' || c.status === 'payment_returned') && <Button size="small" type="primary" data-testid={`confirm-account-${u.id}`} onClick={() => setConfirming(c)}>{t('policy.forMe.confirmAccount')}</Button>}
                  <span data-testid={`payment-status-${u.id}`}>{paymentText(c.payments?.[0])}</span></Space>;
                return u.mode ? <Button size="small" type="primary" data-testid={`claim-button-${u.id}`} onClick={() => void openClaim(u.id)}>{t('policy.forMe.claim')}</Button> : null;
              },
            },
          ]}
        />
      </Card>
      <Card title={t('policy.forMe.nearMisses')} loading={!data}>
        <List
          dataSource={data?.nearMisses ?? []} locale={{ emptyText: t('policy.forMe.noNearMisses') }}
          renderItem={(m) => (
            <List.Item data-testid={`forme-miss-${m.id}`}>
              <List.Item.Meta title={zh ? m.title.zh : m.title.en} description={<Space direction="vertical" size={0}>{m.why.map((w, i) => <Typography.Text key={i} type="danger">{zh ? w.zh : w.en}</Typography.Text>)}</Space>} />
            </List.Item>
          )}
        />
      </Card>
      <Card title={t('policy.forMe.claims')} loading={!data}>
        <Table
          rowKey="id" pagination={false} dataSource={data?.claims ?? []}
          columns={[
            { title: t('policy.unit'), key: 'unit', render: (_: unknown, c: Claim) => `${c.unitId} v${c.version}` },
            { title: t('policy.amount'), dataIndex: 'amountFen', key: 'amount', render: (fen: number) => formatFen(fen) },
            { title: t('policy.status.label'), key: 'status', render: (_: unknown, c: Claim) => <Space direction="vertical" size={0}><Tag color={STATUS_COLOURS[c.status]}>{t(`policy.status.${c.status}`)}</Tag>{c.reason && <Typography.Text type="secondary">{c.reason}</Typography.Text>}</Space> },
            { title: t('policy.payment.label'), key: 'payment', render: (_: unknown, c: Claim) => paymentText(c.payments?.[0]) },
          ]}
        />
      </Card>
      <SubscriptionsCard />
      <Card title={t('policy.forMe.inbox')} loading={!data}>
        <List dataSource={data?.inbox ?? []} locale={{ emptyText: t('policy.forMe.noMessages') }} renderItem={(m) => <List.Item>{zh ? m.title.zh : m.title.en}<Typography.Text type="secondary">{m.createdAt.slice(0, 10)}</Typography.Text></List.Item>} />
      </Card>

      <Modal open={claiming !== null} title={t('policy.forMe.claimTitle')} onCancel={() => setClaiming(null)} onOk={() => form.submit()} okText={t('policy.forMe.submit')} confirmLoading={busy} destroyOnHidden>
        {claiming && (
          <Form form={form} layout="vertical" onFinish={submitClaim}>
            {claiming.quote.mode === 'credit_commitment' && claiming.quote.missing.length > 0 && <Alert type="warning" showIcon message={t('policy.forMe.promiseWarning')} style={{ marginBottom: 12 }} />}
            {claiming.quote.missing.length > 0 && <Typography.Paragraph>{t('policy.forMe.missing')}</Typography.Paragraph>}
            {claiming.quote.missing.map((key) => (
              <Form.Item key={key} name={['answers', key]} label={key} rules={[{ required: true, message: t('policy.forMe.required') }]}>
                <InputNumber style={{ width: '100%' }} />
              </Form.Item>
            ))}
            <CertificateFields quote={claiming.quote} />
            <AccountFields />
          </Form>
        )}
      </Modal>
      <Modal open={confirming !== null} title={t('policy.forMe.confirmAccount')} onCancel={() => setConfirming(null)} onOk={() => accountForm.submit()} okText={t('policy.forMe.submit')} confirmLoading={busy} destroyOnHidden>
        <Form form={accountForm} layout="vertical" onFinish={(a: BankAccount) => confirming && void run(() => policyApi.confirmAccount(confirming.id, a), t('policy.forMe.accountConfirmed'))}>
          <AccountFields />
        </Form>
      </Modal>
    </Space>
  );
}

/** The certificates of a claim form: those fetched from the library (with their verification page), and an uploaded copy for each one missing. */
function CertificateFields({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  const certs = quote.certificates;
  if (!certs || (certs.fetched.length === 0 && certs.missing.length === 0)) return null;
  return (
    <>
      {certs.fetched.length > 0 && (
        <Card size="small" title={t('policy.forMe.certificates')} style={{ marginBottom: 12 }} data-testid="fetched-certificates">
          <List size="small" dataSource={certs.fetched} renderItem={(c) => (
            <List.Item extra={c.verifyUrl && <a href={c.verifyUrl} target="_blank" rel="noreferrer">{t('policy.forMe.certificateVerify')}</a>}>
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{c.title}</Typography.Text>
                <Typography.Text type="secondary">{c.number} · {c.issuer} · {t('policy.forMe.certificateValidUntil')} {c.validUntil ? c.validUntil.slice(0, 10) : t('policy.forMe.certificateNoEnd')}</Typography.Text>
              </Space>
            </List.Item>
          )} />
        </Card>
      )}
      {certs.missing.length > 0 && <Typography.Paragraph>{t('policy.forMe.certificatesMissing')}</Typography.Paragraph>}
      {certs.missing.map((n) => {
        const refused = certs.refused.filter((c) => c.kind === n.kind);
        return (
          <Form.Item key={n.kind} name={['certificateUploads', n.kind]} label={n.title} rules={[{ required: true, message: t('policy.forMe.required') }]}
            extra={refused.length > 0 ? refused.map((c) => `${c.number}（${t('policy.forMe.certificateRefused')}）`).join('；') : undefined}>
            <CertificateUpload kind={n.kind} />
          </Form.Item>
        );
      })}
    </>
  );
}

/** A form control: uploads one copy (PDF, PNG or JPEG) and holds its file id; shows the file's name once stored. */
function CertificateUpload({ kind, onChange }: { kind: string; value?: string; onChange?: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [file, setFile] = useState<UploadedFile | null>(null);
  const [sending, setSending] = useState(false);
  return (
    <Space data-testid={`certificate-upload-${kind}`} wrap>
      <Upload accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" showUploadList={false} maxCount={1}
        customRequest={({ file: chosen, onSuccess, onError }) => {
          setSending(true);
          uploadFile(chosen as File)
            .then((u) => { setFile(u); onChange?.(u.id); onSuccess?.(u); })
            .catch((failure: Error) => { message.error(errorMessage(failure, t)); onError?.(failure); })
            .finally(() => setSending(false));
        }}>
        <Button icon={<UploadOutlined />} loading={sending}>{file ? t('policy.forMe.uploadAgain') : t('policy.forMe.uploadCopy')}</Button>
      </Upload>
      {file ? <Typography.Text data-testid={`certificate-uploaded-${kind}`}>{t('policy.forMe.uploaded', { name: file.name })}</Typography.Text>
        : <Typography.Text type="secondary">{t('policy.forMe.uploadTypes')}</Typography.Text>}
    </Space>
  );
}

/** The receiving-account fields of a claim form. */
function AccountFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="name" label={t('policy.account.name')} rules={[{ required: true, message: t('policy.forMe.required') }]}><Input data-testid="account-name" /></Form.Item>
      <Form.Item name="number" label={t('policy.account.number')} rules={[{ required: true, pattern: /^\d{6,32}$/, message: t('policy.account.numberRule') }]}><Input data-testid="account-number" /></Form.Item>
      <Form.Item name="bank" label={t('policy.account.bank')} rules={[{ required: true, pattern: /^\d{12}$/, message: t('policy.account.bankRule') }]}><Input data-testid="account-bank" /></Form.Item>
    </>
  );
}
