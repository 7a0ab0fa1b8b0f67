import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Form, Input, Progress, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import { getJob, listJobs, text, uploadBatch, type ImportJob } from './registry-api.ts';

const STATUS_COLOURS: Record<ImportJob['status'], string> = { running: 'processing', committed: 'success', partial: 'warning', rejected: 'error', duplicate: 'default', failed: 'error' };

function percentOf(job: ImportJob): number {
  if (job.status !== 'running') return 100;
  const p = job.progress;
  if (!p || !p.bytesTotal) return 0;
  return Math.min(99, Math.floor((p.bytesRead / p.bytesTotal) * 100));
}

/** Upload a department batch and watch its import: progress while it runs, then the summary and rejection report. */
export default function ImportPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState('');
  const [period, setPeriod] = useState('');
  const [partial, setPartial] = useState(false);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [jobs, setJobs] = useState<ImportJob[]>([]);
  const [error, setError] = useState<unknown>(null);
  const timer = useRef<number | undefined>(undefined);

  const refreshList = useCallback(() => {
    listJobs().then((answer) => setJobs(answer.items)).catch(() => undefined);
  }, []);
  useEffect(() => {
    refreshList();
    return () => window.clearTimeout(timer.current);
  }, [refreshList]);

  const poll = useCallback((id: string) => {
    window.clearTimeout(timer.current);
    getJob(id)
      .then((answer) => {
        setJob(answer);
        if (answer.status === 'running') timer.current = window.setTimeout(() => poll(id), 400);
        else refreshList();
      })
      .catch((failure: unknown) => setError(failure));
  }, [refreshList]);

  async function start() {
    if (!file) return;
    setError(null);
    setJob(null);
    try {
      poll(await uploadBatch(file, { source, period, partial: partial ? 'true' : '' }));
    } catch (failure) {
      setError(failure);
    }
  }

  const p = job?.progress;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{text('importTitle', lang)}</Typography.Title>
      <Card>
        <Form layout="vertical" onFinish={() => void start()}>
          <Form.Item label={text('file', lang)}>
            <input type="file" accept=".csv,.xlsx,.jsonl,.ndjson" data-testid="import-file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </Form.Item>
          <Form.Item label={text('source', lang)}>
            <Input value={source} onChange={(e) => setSource(e.target.value)} placeholder="tax / stats / amr …" data-testid="import-source" style={{ maxWidth: 240 }} />
          </Form.Item>
          <Form.Item label={text('period', lang)}>
            <Input value={period} onChange={(e) => setPeriod(e.target.value)} data-testid="import-period" style={{ maxWidth: 240 }} />
          </Form.Item>
          <Form.Item label={text('partial', lang)}>
            <Switch checked={partial} onChange={setPartial} data-testid="import-partial" />
          </Form.Item>
          <Button type="primary" htmlType="submit" disabled={!file} data-testid="import-start">
            {text('start', lang)}
          </Button>
        </Form>
      </Card>
      {error !== null && <Alert type="error" showIcon title={errorMessage(error, t)} />}
      {job && (
        <Card title={`${text('progress', lang)} · ${job.fileName ?? job.id}`} data-testid="import-job">
          <Progress percent={percentOf(job)} status={job.status === 'running' ? 'active' : job.status === 'rejected' || job.status === 'failed' ? 'exception' : 'success'} data-testid="import-progress" />
          <Space size="large" wrap>
            <Tag color={STATUS_COLOURS[job.status]} data-testid="import-status">{job.status}</Tag>
            <span>{text('rows', lang)}: {p?.rowsRead ?? job.rowsTotal}</span>
            <span>{text('accepted', lang)}: {p?.rowsAccepted ?? job.rowsAccepted}</span>
            <span>{text('rejected', lang)}: {p?.rowsRejected ?? job.rowsRejected}</span>
          </Space>
          {job.message && <Typography.Paragraph style={{ marginTop: 12 }} data-testid="import-message">{job.message}</Typography.Paragraph>}
          {(job.rejections?.length ?? 0) > 0 && (
            <Table
              size="small"
              rowKey={(r) => `${r.row}.${r.field}.${r.rule}`}
              title={() => text('report', lang)}
              dataSource={job.rejections}
              pagination={{ pageSize: 20 }}
              data-testid="import-rejections"
              columns={[
                { title: text('row', lang), dataIndex: 'row', width: 80 },
                { title: text('field', lang), dataIndex: 'field', width: 160 },
                { title: text('rule', lang), dataIndex: 'rule', width: 180 },
                { title: text('reason', lang), dataIndex: 'reason' },
              ]}
            />
          )}
        </Card>
      )}
      <Card title={text('recent', lang)}>
        <Table
          size="small"
          rowKey="id"
          dataSource={jobs}
          pagination={false}
          scroll={{ x: true }}
          onRow={(row) => ({ onClick: () => poll(row.id) })}
          columns={[
            { title: 'ID', dataIndex: 'id', width: 220 },
            { title: text('source', lang), dataIndex: 'source', width: 100 },
            { title: text('status', lang), dataIndex: 'status', width: 110, render: (s: ImportJob['status']) => <Tag color={STATUS_COLOURS[s]}>{s}</Tag> },
            { title: text('rows', lang), dataIndex: 'rowsTotal', width: 100 },
            { title: text('rejected', lang), dataIndex: 'rowsRejected', width: 100 },
            { title: text('fileName', lang), dataIndex: 'fileName' },
          ]}
        />
      </Card>
    </Space>
  );
}
