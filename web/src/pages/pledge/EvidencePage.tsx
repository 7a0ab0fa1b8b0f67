import { useEffect, useState } from 'react';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../api/client.ts';
import { errorMessage } from '../../api/errors.ts';
import { useMe } from '../../auth/context.ts';

interface LogRow {
  name: string;
  origin: string;
  hashSuite: string;
  size: number;
  quorum: number;
  witnesses: number;
  checkpointSize: number | null;
  checkpoint: string | null;
}
interface WitnessRow {
  orgCode: string;
  orgName: string;
  name: string;
  verifierKey: string;
  active: boolean;
}
interface AuditCheck {
  ok: boolean;
  checkedRows: number;
  checkpoint: { size: number; rootHash: string; cosigners: string[] } | null;
  problems: { auditId: string | null; logIndex: number | null; problem: string; detail: string }[];
}

/** The evidence logs, their cosigned checkpoints, the witness institutions and (admin) the audit-trail check. */
export default function EvidencePage() {
  const { t } = useTranslation();
  const me = useMe();
  const [logs, setLogs] = useState<LogRow[]>([]);
  const [witnesses, setWitnesses] = useState<WitnessRow[]>([]);
  const [audit, setAudit] = useState<AuditCheck | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    apiGet<{ items: LogRow[] }>('/api/evidence/logs').then((r) => setLogs(r.items)).catch(setError);
    apiGet<{ items: WitnessRow[] }>('/api/evidence/witnesses').then((r) => setWitnesses(r.items)).catch(setError);
  }, []);
  async function checkAudit() {
    setBusy(true);
    try {
      setAudit(await apiGet<AuditCheck>('/api/evidence/audit/verify'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('pledge.evidence.title')}</Typography.Title>
      {error !== null && <Alert type="error" showIcon title={errorMessage(error, t)} />}
      <Card title={t('pledge.evidence.logs')}>
        <Table size="small" rowKey="name" pagination={false} dataSource={logs} data-testid="evidence-logs" scroll={{ x: true }}
          expandable={{ expandedRowRender: (l) => <pre style={{ fontSize: 11, whiteSpace: 'pre-wrap' }}>{l.checkpoint ?? '—'}</pre>, rowExpandable: (l) => Boolean(l.checkpoint) }}
          columns={[
            { title: t('pledge.evidence.origin'), dataIndex: 'origin' },
            { title: t('pledge.evidence.suite'), dataIndex: 'hashSuite' },
            { title: t('pledge.evidence.size'), dataIndex: 'size' },
            { title: t('pledge.evidence.cosigned'), dataIndex: 'checkpointSize', render: (s: number | null) => s ?? '—' },
            { title: t('pledge.evidence.quorum'), render: (_v, l) => `${l.quorum}/${l.witnesses}` },
          ]}
        />
      </Card>
      <Card title={t('pledge.evidence.witnesses')}>
        <Table size="small" rowKey="name" pagination={false} dataSource={witnesses} data-testid="evidence-witnesses" scroll={{ x: true }}
          columns={[
            { title: t('pledge.evidence.institution'), dataIndex: 'orgName' },
            { title: t('pledge.evidence.keyName'), dataIndex: 'name' },
            { title: t('pledge.evidence.key'), dataIndex: 'verifierKey', render: (k: string) => <code style={{ fontSize: 11 }}>{k.slice(0, 60)}…</code> },
            { title: t('pledge.status'), dataIndex: 'active', render: (a: boolean) => <Tag color={a ? 'green' : 'red'}>{a ? t('pledge.evidence.active') : t('pledge.evidence.inactive')}</Tag> },
          ]}
        />
      </Card>
      {me.role === 'platform_admin' && (
        <Card title={t('pledge.evidence.audit')}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">{t('pledge.evidence.auditHint')}</Typography.Text>
            <Button onClick={() => void checkAudit()} loading={busy} data-testid="evidence-audit-verify">{t('pledge.evidence.auditCheck')}</Button>
            {audit && (
              <Alert type={audit.ok ? 'success' : 'error'} showIcon data-testid="evidence-audit-result"
                title={audit.ok ? t('pledge.evidence.auditOk', { rows: audit.checkedRows, size: audit.checkpoint?.size ?? 0 }) : t('pledge.evidence.auditBad', { count: audit.problems.length })}
                description={audit.problems.length > 0 ? <ul>{audit.problems.map((p, i) => <li key={i}>{`${p.problem} · ${p.auditId ?? ''} · ${p.detail}`}</li>)}</ul> : undefined}
              />
            )}
          </Space>
        </Card>
      )}
    </Space>
  );
}
