import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Col, Empty, Form, Input, List, Rate, Row, Select, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import { formatTime } from './bpmn.ts';
import { flowApi, orgName, type InstanceSummary, type ProcessSummary, type Progress } from './flow-api.ts';
import { WARNING_COLOURS } from '../../../../src/kernel/time-limit.ts';

const STEP_COLOURS: Record<Progress['steps'][number]['state'], string> = { done: 'green', active: 'blue', suspended: 'orange', cancelled: 'gray' };

/** The applicant's side: apply for a one thing, follow each application's steps and deadlines, answer corrections, rate the service. */
export default function ProgressPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const id = params.get('id');
  const [mine, setMine] = useState<InstanceSummary[] | null>(null);
  const [processes, setProcesses] = useState<ProcessSummary[]>([]);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [startForm] = Form.useForm<{ key: string; title: string; note?: string }>();
  const [rateForm] = Form.useForm<{ score: number; comment?: string }>();

  const loadList = useCallback(() => {
    flowApi.instances().then((answer) => setMine(answer.items)).catch(setError);
  }, []);
  const loadProgress = useCallback(() => {
    if (!id) return setProgress(null);
    flowApi.progress(id).then(setProgress).catch(setError);
  }, [id]);
  useEffect(() => {
    loadList();
    flowApi.definitions().then((answer) => setProcesses(answer.items)).catch(setError);
  }, [loadList]);
  useEffect(loadProgress, [loadProgress]);

  async function run(work: () => Promise<unknown>, done: string) {
    setBusy(true);
    try {
      await work();
      message.success(done);
      loadList();
      loadProgress();
    } catch (failure) {
      message.error(errorMessage(failure, t));
    } finally {
      setBusy(false);
    }
  }

  async function apply(values: { key: string; title: string; note?: string }) {
    await run(async () => {
      const started = await flowApi.start(values.key, { title: values.title, ...(values.note ? { note: values.note } : {}) });
      startForm.resetFields();
      setParams({ id: started.instanceId });
    }, t('flow.progress.applied'));
  }

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('flow.progress.title')}</Typography.Title>
      {error !== null && <Alert type="error" showIcon message={errorMessage(error, t)} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Card title={t('flow.progress.apply')}>
              <Form form={startForm} layout="vertical" onFinish={(values) => void apply(values)} data-testid="apply-form">
                <Form.Item name="key" label={t('flow.progress.process')} rules={[{ required: true, message: t('flow.inbox.fieldRequired') }]}>
                  <Select data-testid="apply-process" options={processes.map((p) => ({ value: p.key, label: p.name ?? p.key }))} />
                </Form.Item>
                <Form.Item name="title" label={t('flow.progress.applicationTitle')} rules={[{ required: true, min: 2, message: t('flow.progress.titleRule') }]}>
                  <Input maxLength={100} data-testid="apply-title" />
                </Form.Item>
                <Form.Item name="note" label={t('flow.progress.note')}>
                  <Input.TextArea rows={2} maxLength={2000} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={busy} data-testid="apply-submit">{t('flow.progress.submit')}</Button>
              </Form>
            </Card>
            <Card title={t('flow.progress.mine')}>
              <List
                data-testid="my-applications" loading={mine === null} dataSource={mine ?? []} locale={{ emptyText: t('flow.progress.none') }}
                renderItem={(item) => (
                  <List.Item actions={[<Tag key="s">{t(`flow.status.${item.status}`)}</Tag>]}>
                    <List.Item.Meta
                      title={<a onClick={() => setParams({ id: item.id })} data-testid="my-application">{item.title}</a>}
                      description={`${item.processName} · ${formatTime(item.startedAt, i18n.language)}`}
                    />
                  </List.Item>
                )}
              />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={15}>
          {!progress ? (
            <Card><Empty description={t('flow.progress.pick')} /></Card>
          ) : (
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              <Card
                title={<span data-testid="progress-title">{progress.instance.title}</span>}
                extra={<Space><Tag data-testid="progress-status">{t(`flow.status.${progress.instance.status}`)}</Tag><Link to={`/flow/instance?id=${encodeURIComponent(progress.instance.id)}`}>{t('flow.progress.diagram')}</Link></Space>}
              >
                <Typography.Paragraph type="secondary">
                  {progress.instance.processName} · v{progress.instance.version}
                  {progress.instance.dueAt && <span data-testid="progress-due"> · {t('flow.progress.dueAll', { time: formatTime(progress.instance.dueAt, i18n.language) })}</span>}
                  {progress.instance.status === 'running' && progress.instance.warning && progress.instance.warning !== 'none' && <Tag color={WARNING_COLOURS[progress.instance.warning]} style={{ marginLeft: 8 }}>{t(`flow.warning.${progress.instance.warning}`)}</Tag>}
                </Typography.Paragraph>
                <Timeline
                  data-testid="progress-timeline"
                  items={progress.steps.map((step) => ({
                    color: STEP_COLOURS[step.state],
                    children: (
                      <div data-testid="progress-step">
                        <Space wrap><strong>{step.name}</strong><Tag color={STEP_COLOURS[step.state]}>{t(`flow.state.${step.state}`)}</Tag>{step.org && <span>{orgName(step.org, i18n.language)}</span>}</Space>
                        <div><Typography.Text type="secondary">
                          {t('flow.progress.started', { time: formatTime(step.startedAt, i18n.language) })}
                          {step.deadline && ` · ${t('flow.progress.deadline', { time: formatTime(step.deadline, i18n.language) })}`}
                          {step.finishedAt && ` · ${t('flow.progress.finished', { time: formatTime(step.finishedAt, i18n.language) })}`}
                        </Typography.Text></div>
                      </div>
                    ),
                  }))}
                />
              </Card>
              {progress.corrections.map((c) => (
                <Card key={c.id} title={t('flow.progress.correction')} size="small">
                  <Typography.Paragraph>{c.reason}</Typography.Paragraph>
                  {c.answer ? (
                    <Typography.Text type="secondary">{t('flow.progress.answered', { answer: c.answer, time: formatTime(c.answeredAt, i18n.language) })}</Typography.Text>
                  ) : (
                    <Form layout="vertical" onFinish={(values: { answer: string }) => void run(() => flowApi.answer(progress.instance.id, c.id, values.answer), t('flow.progress.answerSent'))}>
                      <Form.Item name="answer" label={t('flow.progress.answer')} rules={[{ required: true, min: 2, message: t('flow.progress.answerRule') }]}>
                        <Input.TextArea rows={2} maxLength={2000} data-testid="correction-answer" />
                      </Form.Item>
                      <Button htmlType="submit" loading={busy} data-testid="correction-submit">{t('flow.progress.sendAnswer')}</Button>
                    </Form>
                  )}
                </Card>
              ))}
              {progress.rating && (
                <Card title={t('flow.progress.rating')} size="small" data-testid="rating-done">
                  <Rate disabled value={progress.rating.score} /> <Typography.Text>{progress.rating.comment}</Typography.Text>
                </Card>
              )}
              {progress.canRate && (
                <Card title={t('flow.progress.rateTitle')} size="small">
                  <Form form={rateForm} layout="vertical" data-testid="rating-form" onFinish={(values) => void run(() => flowApi.rate(progress.instance.id, values.score, values.comment ?? ''), t('flow.progress.rated'))}>
                    <Form.Item name="score" label={t('flow.progress.score')} rules={[{ required: true, message: t('flow.progress.scoreRule') }]}>
                      <Rate data-testid="rating-score" />
                    </Form.Item>
                    <Form.Item name="comment" label={t('flow.progress.comment')} extra={t('flow.progress.commentHint')}>
                      <Input.TextArea rows={2} maxLength={500} data-testid="rating-comment" />
                    </Form.Item>
                    <Button type="primary" htmlType="submit" loading={busy} data-testid="rating-submit">{t('flow.progress.rate')}</Button>
                  </Form>
                </Card>
              )}
            </Space>
          )}
        </Col>
      </Row>
    </Space>
  );
}
