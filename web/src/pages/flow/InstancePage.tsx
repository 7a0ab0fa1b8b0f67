import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import { createDiagram, formatTime, type Diagram } from './bpmn.ts';
import { flowApi, orgName, type InstanceView } from './flow-api.ts';
import { effectiveWarning, WARNING_COLOURS, type WarningLevel } from '../../../../src/kernel/time-limit.ts';

/** One instance: its diagram with completed and active nodes highlighted, its status and tasks. */
export default function InstancePage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const id = params.get('id') ?? '';
  const [view, setView] = useState<InstanceView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [rendered, setRendered] = useState(false);
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!id) return;
    setView(null);
    flowApi.instance(id).then(setView).catch(setError);
  }, [id]);

  useEffect(() => {
    if (!view || !container.current) return;
    let diagram: Diagram | undefined;
    let alive = true;
    setRendered(false);
    void (async () => {
      try {
        diagram = await createDiagram('viewer', container.current!);
        if (!alive) return diagram.destroy();
        await diagram.importXML(view.xml);
        const canvas = diagram.get('canvas');
        const registry = diagram.get('elementRegistry');
        for (const nodeId of [...view.completedNodeIds, ...view.completedFlowIds]) if (registry.get(nodeId)) canvas.addMarker(nodeId, 'flow-completed');
        for (const nodeId of view.activeNodeIds) if (registry.get(nodeId)) canvas.addMarker(nodeId, 'flow-active');
        canvas.zoom('fit-viewport', 'auto');
        setRendered(true);
      } catch (failure) {
        if (alive) setError(failure);
      }
    })();
    return () => {
      alive = false;
      diagram?.destroy();
    };
  }, [view]);

  if (!id) return <Alert type="warning" showIcon message={t('flow.instance.missingId')} />;
  const instance = view?.instance;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{instance ? `${instance.processName} · ${instance.title}` : t('flow.instance.title')}</Typography.Title>
      {error !== null && <Alert type="error" showIcon message={errorMessage(error, t)} />}
      {instance && (
        <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
          <Descriptions.Item label={t('flow.instance.status')}><Tag data-testid="instance-status">{t(`flow.status.${instance.status}`)}</Tag></Descriptions.Item>
          <Descriptions.Item label={t('flow.instance.version')}>v{instance.version}</Descriptions.Item>
          <Descriptions.Item label={t('flow.instance.applicant')}>{instance.applicantName}</Descriptions.Item>
          <Descriptions.Item label={t('flow.instance.started')}>{formatTime(instance.startedAt, i18n.language)}</Descriptions.Item>
          <Descriptions.Item label={t('flow.instance.ended')}>{formatTime(instance.endedAt, i18n.language)}</Descriptions.Item>
        </Descriptions>
      )}
      <Card title={t('flow.instance.diagram')} extra={<Space><Tag color="blue">{t('flow.instance.legendActive')}</Tag><Tag color="green">{t('flow.instance.legendDone')}</Tag></Space>}>
        <div ref={container} className="flow-diagram" data-testid="instance-diagram" data-rendered={rendered ? 'yes' : 'no'} />
      </Card>
      {view && (
        <Card title={t('flow.instance.tasks')}>
          <Table
            size="small" rowKey="id" pagination={false} dataSource={view.tasks} scroll={{ x: 700 }}
            columns={[
              { title: t('flow.inbox.task'), dataIndex: 'name', key: 'name' },
              { title: t('flow.inbox.org'), key: 'org', render: (_: unknown, task) => orgName(task.org, i18n.language) },
              { title: t('flow.instance.state'), dataIndex: 'state', key: 'state', render: (state: string) => t(`flow.state.${state}`) },
              { title: t('flow.inbox.warning'), dataIndex: 'warning', key: 'warning', render: (_: WarningLevel, task) => { const level = effectiveWarning(task, new Date()); return <Tag color={WARNING_COLOURS[level]}>{t(`flow.warning.${level}`)}</Tag>; } },
              { title: t('flow.instance.started'), dataIndex: 'createdAt', key: 'createdAt', render: (v: string) => formatTime(v, i18n.language) },
              { title: t('flow.inbox.deadline'), dataIndex: 'dueAt', key: 'dueAt', render: (v: string | null) => formatTime(v, i18n.language) },
              { title: t('flow.instance.ended'), dataIndex: 'completedAt', key: 'completedAt', render: (v: string | null) => formatTime(v, i18n.language) },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
