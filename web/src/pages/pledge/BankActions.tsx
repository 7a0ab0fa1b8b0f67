import { useState } from 'react';
import { Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFen, parseYuan } from '../../../../src/kernel/money.ts';
import { formatTime, pledgeApi, type AssetDetail } from './pledge-api.ts';

/** The bank's steps on one asset: valuation, pledge contract, loan, release. */
export function BankActions({ detail, onDone, onError }: { detail: AssetDetail; onDone: () => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState('income');
  const [note, setNote] = useState('');
  const [contractNo, setContractNo] = useState('');
  const [contractText, setContractText] = useState('');
  const [loanAmount, setLoanAmount] = useState('');
  const [term, setTerm] = useState<number | null>(12);
  const [busy, setBusy] = useState(false);
  const id = detail.asset.id;
  const valuation = detail.valuations[detail.valuations.length - 1];
  const active = detail.pledges.find((p) => p.status === 'active');

  async function run(step: () => Promise<unknown>) {
    setBusy(true);
    try {
      await step();
      onDone();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('pledge.bank.title')} data-testid="bank-actions">
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Form layout="inline" onFinish={() => void run(() => pledgeApi.value(id, { amountFen: parseYuan(amount), method, note }))}>
          <Form.Item label={t('pledge.bank.valuation')}>
            <Input value={amount} onChange={(e) => setAmount(e.target.value)} suffix={t('pledge.yuan')} style={{ width: 180 }} data-testid="value-amount" />
          </Form.Item>
          <Form.Item>
            <Select value={method} onChange={setMethod} style={{ width: 140 }} options={['income', 'market', 'cost'].map((m) => ({ value: m, label: t(`pledge.method.${m}`) }))} />
          </Form.Item>
          <Form.Item>
            <Input value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('pledge.bank.note')} style={{ width: 220 }} />
          </Form.Item>
          <Button htmlType="submit" disabled={!amount || busy} data-testid="value-submit">{t('pledge.bank.value')}</Button>
        </Form>
        {detail.valuations.length > 0 && (
          <Table size="small" rowKey="id" pagination={false} dataSource={detail.valuations} data-testid="valuations"
            columns={[
              { title: t('pledge.bank.bank'), dataIndex: 'bankName' },
              { title: t('pledge.bank.amount'), dataIndex: 'amountFen', render: (f: number) => formatFen(f) },
              { title: t('pledge.bank.method'), dataIndex: 'method', render: (m: string) => t(`pledge.method.${m}`) },
              { title: t('pledge.at'), dataIndex: 'valuedAt', render: formatTime },
            ]}
          />
        )}
        {valuation && !active && detail.asset.status === 'registered' && (
          <Form layout="vertical" onFinish={() => void run(() => pledgeApi.pledge(id, { valuationId: valuation.id, contractNo, contractText }))}>
            <Form.Item label={t('pledge.bank.contractNo')} required>
              <Input value={contractNo} onChange={(e) => setContractNo(e.target.value)} style={{ maxWidth: 300 }} data-testid="pledge-contract-no" />
            </Form.Item>
            <Form.Item label={t('pledge.bank.contractText')} extra={t('pledge.bank.contractHint')} required>
              <Input.TextArea rows={3} value={contractText} onChange={(e) => setContractText(e.target.value)} data-testid="pledge-contract-text" />
            </Form.Item>
            <Button type="primary" htmlType="submit" disabled={!contractNo || !contractText || busy} data-testid="pledge-submit">{t('pledge.bank.pledge')}</Button>
          </Form>
        )}
        {detail.pledges.length > 0 && (
          <Table size="small" rowKey="id" pagination={false} dataSource={detail.pledges} data-testid="pledges"
            columns={[
              { title: t('pledge.bank.contractNo'), dataIndex: 'contractNo' },
              { title: t('pledge.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'active' ? 'orange' : 'default'} data-testid="pledge-status">{t(`pledge.pledgeStatus.${s}`)}</Tag> },
              { title: t('pledge.bank.loan'), render: (_v, p) => (p.loanAmountFen === null ? '—' : `${formatFen(p.loanAmountFen)} · ${t('pledge.bank.months', { count: p.loanTermMonths ?? 0 })}`) },
              { title: t('pledge.bank.contractSha'), dataIndex: 'contractSha256', render: (h: string) => <code>{h.slice(0, 16)}…</code> },
            ]}
          />
        )}
        {active && active.loanAmountFen === null && (
          <Form layout="inline" onFinish={() => void run(() => pledgeApi.loan(active.id, { amountFen: parseYuan(loanAmount), termMonths: term ?? 0 }))}>
            <Form.Item label={t('pledge.bank.loanAmount')}>
              <Input value={loanAmount} onChange={(e) => setLoanAmount(e.target.value)} suffix={t('pledge.yuan')} style={{ width: 180 }} data-testid="loan-amount" />
            </Form.Item>
            <Form.Item label={t('pledge.bank.term')}>
              <InputNumber min={1} max={120} value={term} onChange={setTerm} data-testid="loan-term" />
            </Form.Item>
            <Button type="primary" htmlType="submit" disabled={!loanAmount || busy} data-testid="loan-submit">{t('pledge.bank.grantLoan')}</Button>
          </Form>
        )}
        {active && (
          <Button danger disabled={busy} onClick={() => void run(() => pledgeApi.release(active.id))} data-testid="release-submit">{t('pledge.bank.release')}</Button>
        )}
      </Space>
    </Card>
  );
}
