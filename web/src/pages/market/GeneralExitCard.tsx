import { Alert, Button, Card, Checkbox, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { exitApi, type ExitCaseView } from './exit-api.ts';

const CAUSES = ['resolution', 'articles', 'merger', 'revoked', 'court'];

function errorText(e: unknown): string {
  return e instanceof ApiError ? e.details.errors?.map((f) => f.message).join('；') || e.message : String(e);
}

/** General deregistration: filing the liquidation group (leader's ID number validated by the server). */
export function GeneralExitCard({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const submit = async (v: { cause: string; causeDate: string; name: string; idNumber: string }) => {
    setMessage(null);
    try {
      await exitApi.general({ cause: v.cause, causeDate: v.causeDate, liquidators: [{ name: v.name, idNumber: v.idNumber, leader: true }] });
      setMessage({ type: 'success', text: t('marketExit.general.filed') });
      onDone();
    } catch (e) {
      setMessage({ type: 'error', text: errorText(e) });
    }
  };
  return (
    <Card title={t('marketExit.general.title')}>
      {message && <Alert showIcon type={message.type} message={message.text} style={{ marginBottom: 12 }} />}
      <Form layout="inline" onFinish={(v: { cause: string; causeDate: string; name: string; idNumber: string }) => void submit(v)}>
        <Form.Item name="cause" rules={[{ required: true }]}><Select style={{ width: 200 }} placeholder={t('marketExit.general.cause')} options={CAUSES.map((c) => ({ value: c, label: t(`marketExit.general.causes.${c}`) }))} /></Form.Item>
        <Form.Item name="causeDate" rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}><Input placeholder={t('marketExit.general.causeDate')} /></Form.Item>
        <Form.Item name="name" rules={[{ required: true, min: 2 }]}><Input placeholder={t('marketExit.general.leader')} /></Form.Item>
        <Form.Item name="idNumber" rules={[{ required: true, len: 18 }]}><Input placeholder={t('marketExit.general.idNumber')} /></Form.Item>
        <Button htmlType="submit">{t('marketExit.general.file')}</Button>
      </Form>
    </Card>
  );
}

/** The liquidation report of a general deregistration waiting for it. */
export function LiquidationReportForm({ exitCase, onDone }: { exitCase: ExitCaseView; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: { summary: string; settled: boolean }) => {
    setError(null);
    try {
      await exitApi.report(exitCase.id, { summary: v.summary, debtsSettled: v.settled, taxCleared: v.settled, employeesSettled: v.settled });
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Form layout="vertical" onFinish={(v: { summary: string; settled: boolean }) => void submit(v)} style={{ marginTop: 12 }}>
      {error && <Alert showIcon type="error" message={error} style={{ marginBottom: 12 }} />}
      <Form.Item name="summary" label={t('marketExit.general.summary')} rules={[{ required: true, min: 10 }]}><Input.TextArea rows={3} /></Form.Item>
      <Form.Item name="settled" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('marketExit.general.settled')))) }]}><Checkbox>{t('marketExit.general.settled')}</Checkbox></Form.Item>
      <Button htmlType="submit" type="primary">{t('marketExit.general.report')}</Button>
    </Form>
  );
}
