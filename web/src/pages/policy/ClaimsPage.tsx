import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import { formatFen } from '../../format.ts';
import { allSentences, policyApi, type Batch, type Claim } from './policy-api.ts';
import { oversightApi, type Warning } from './oversight-api.ts';
import { ClaimCertificates } from './ClaimCertificates.tsx';

const STATUSES = ['pending_review', 'awaiting_account', 'approved', 'paying', 'paid', 'payment_returned', 'rejected', 'revoked'] as const;

/** The officials' claims page: review claims with their explanation, see warnings, post-audit promises, run payouts and reconcile bank returns. */
export default function ClaimsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const zh = i18n.language.startsWith('zh');
  const [status, setStatus] = useState<string>('pending_review');
  const [claims, setClaims] = useState<Claim[] | null>(null);
  const [batches, setBatches] = useState<Batch[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [rejecting, setRejecting] = useState<Claim | null>(null);
  const [reason, setReason] = useState('');
  const [reconciling, setReconciling] = useState<Batch | null>(null);
  const [returnFile, setReturnFile] = useState('');
  const [busy, setBusy] = useState(false);
  const [supervision, setSupervision] = useState<Warning[]>([]);

  const load = useCallback(() => {
    policyApi.claims(status || undefined).then((a) => setClaims(a.items)).catch(setError);
    policyApi.batches().then((a) => setBatches(a.items)).catch(setError);
    // Supervision: open and investigated warnings beside their claims.
    Promise.all(['open', 'investigating'].map((s) => oversightApi.warnings({ status: s }))).then((r) => setSupervision(r.flatMap((a) => a.items))).catch(setError);
  }, [status]);
  useEffect(load, [load]);

  async function run(work: () => Promise<unknown>, done: string) {
    setBusy(true);
    try {
      await work();
      message.success(done);
      setRejecting(null);
      setReconciling(null);
      setReason('');
      setReturnFile('');
      load();
    } catch (failure) {
      message.error(errorMessage(failure, t));
    } finally {
      setBusy(false);
    }
  }

  const warnings = (c: Claim) => [
    ...(c.audit === 'pending' ? [t('policy.claims.warnAudit', { keys: c.promised.join(', ') })] : []),
    ...(c.mode === 'quick_apply' && c.status === 'pending_review' ? [t('policy.claims.warnAnswers')] : []),
    ...(c.recoveryFen > 0 && !c.recoveredAt ? [t('policy.claims.warnRecovery', { amount: formatFen(c.recoveryFen) })] : []),
    ...supervision.filter((w) => w.claimId === c.id).map((w) => `${t(`oversight.kind.${w.kind}`)}${w.holdsPayment ? ` · ${t('oversight.supervision.held')}` : ''}`),
  ];

  if (error) return <Alert type="error" showIcon message={errorMessage(error, t)} />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('policy.claims.title')}</Typography.Title>
      <Card
        title={t('policy.claims.list')}
        extra={<Select style={{ width: 180 }} value={status} onChange={setStatus} allowClear onClear={() => setStatus('')} options={STATUSES.map((s) => ({ value: s, label: t(`policy.status.${s}`) }))} data-testid="claims-status" />}
      >
        <Table
          rowKey="id" loading={claims === null} dataSource={claims ?? []} pagination={{ pageSize: 20 }}
          expandable={{ expandedRowRender: (c: Claim) => <Space direction="vertical" size={0}>{allSentences(c.explanation).map((s, i) => <Typography.Text key={i} type={s.held ? 'success' : 'danger'}>{zh ? s.zh : s.en}</Typography.Text>)}<ClaimCertificates claimId={c.id} /></Space> }}
          columns={[
            { title: t('policy.claims.company'), dataIndex: 'uscc', key: 'uscc' },
            { title: t('policy.unit'), key: 'unit', render: (_: unknown, c: Claim) => `${c.unitId} v${c.version}` },
            { title: t('policy.mode.label'), dataIndex: 'mode', key: 'mode', render: (m: string) => <Tag>{t(`policy.mode.${m}`)}</Tag> },
            { title: t('policy.amount'), dataIndex: 'amountFen', key: 'amount', render: (fen: number) => formatFen(fen) },
            { title: t('policy.status.label'), key: 'status', render: (_: unknown, c: Claim) => <Space direction="vertical" size={0}><Tag data-testid="claim-row-status">{t(`policy.status.${c.status}`)}</Tag>{c.reason && <Typography.Text type="secondary">{c.reason}</Typography.Text>}</Space> },
            { title: t('policy.claims.warnings'), key: 'warnings', render: (_: unknown, c: Claim) => warnings(c).map((w) => <Tag key={w} color="orange">{w}</Tag>) },
            {
              title: t('policy.claims.actions'), key: 'actions',
              render: (_: unknown, c: Claim) => (
                <Space wrap>
                  {c.status === 'pending_review' && <Button size="small" type="primary" data-testid="claim-approve" loading={busy} onClick={() => void run(() => policyApi.decide(c.id, true), t('policy.claims.approved'))}>{t('policy.claims.approve')}</Button>}
                  {c.status === 'pending_review' && <Button size="small" danger onClick={() => setRejecting(c)}>{t('policy.claims.reject')}</Button>}
                  {c.audit === 'pending' && <Button size="small" onClick={() => void run(() => policyApi.audit(c.id), t('policy.claims.audited'))}>{t('policy.claims.audit')}</Button>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('policy.claims.payouts')} extra={<Button type="primary" data-testid="payout-run" loading={busy} onClick={() => void run(async () => { const r = await policyApi.payout(); if (!r.batch) message.info(t('policy.claims.nothingToPay')); }, t('policy.claims.payoutDone'))}>{t('policy.claims.runPayout')}</Button>}>
        <Table
          rowKey="id" dataSource={batches} pagination={false}
          columns={[
            { title: t('policy.claims.batch'), dataIndex: 'id', key: 'id', render: (id: string) => <a href={`/api/policy/payouts/${id}/file`}>{id}</a> },
            { title: t('policy.claims.count'), dataIndex: 'count', key: 'count' },
            { title: t('policy.amount'), dataIndex: 'totalFen', key: 'total', render: (fen: number) => formatFen(fen) },
            { title: t('policy.status.label'), dataIndex: 'status', key: 'status', render: (s: string) => <Tag>{t(`policy.batch.${s}`)}</Tag> },
            { title: t('policy.claims.actions'), key: 'actions', render: (_: unknown, b: Batch) => (b.status === 'sent' ? <Button size="small" onClick={() => setReconciling(b)}>{t('policy.claims.reconcile')}</Button> : null) },
          ]}
        />
      </Card>
      <Modal open={rejecting !== null} title={t('policy.claims.reject')} onCancel={() => setRejecting(null)} confirmLoading={busy} okButtonProps={{ disabled: !reason.trim() }}
        onOk={() => rejecting && void run(() => policyApi.decide(rejecting.id, false, reason), t('policy.claims.rejected'))}>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('policy.claims.reason')} />
      </Modal>
      <Modal open={reconciling !== null} title={t('policy.claims.reconcile')} onCancel={() => setReconciling(null)} confirmLoading={busy} okButtonProps={{ disabled: !returnFile.trim() }}
        onOk={() => reconciling && void run(() => policyApi.reconcile(reconciling.id, returnFile), t('policy.claims.reconciled'))}>
        <Typography.Paragraph type="secondary">{t('policy.claims.returnLayout')}</Typography.Paragraph>
        <Input.TextArea rows={6} value={returnFile} onChange={(e) => setReturnFile(e.target.value)} />
      </Modal>
    </Space>
  );
}
