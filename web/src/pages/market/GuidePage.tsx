import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/errors.ts';
import { marketApi, type Guidance, type LicenceView, type ScopeEntry } from './market-api.ts';

type Item = Guidance['items'][number];

const MODE_COLOURS: Record<LicenceView['mode'], string> = { automatic: 'green', commitment: 'blue', review: 'default' };

/**
 * 开办企业 · 许可导办: the applicant searches standard business-scope wordings (or pastes a scope), sees the
 * licences they need with the reasons and the law, and adds or removes items, with the consequences shown.
 */
export default function GuidePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<ScopeEntry[]>([]);
  const [chosen, setChosen] = useState<ScopeEntry[]>([]);
  const [added, setAdded] = useState<string[]>([]);
  const [removed, setRemoved] = useState<string[]>([]);
  const [catalogue, setCatalogue] = useState<LicenceView[]>([]);
  const [guidance, setGuidance] = useState<Guidance | null>(null);
  const [pasted, setPasted] = useState('');
  const [unmatched, setUnmatched] = useState<string[]>([]);

  useEffect(() => {
    marketApi.licences().then((r) => setCatalogue(r.items)).catch((e: unknown) => message.error(errorMessage(e, t)));
  }, [message, t]);

  useEffect(() => {
    if (!query.trim()) {
      setHits([]);
      return;
    }
    const timer = setTimeout(() => {
      marketApi.searchScope(query).then((r) => setHits(r.items)).catch((e: unknown) => message.error(errorMessage(e, t)));
    }, 200);
    return () => clearTimeout(timer);
  }, [query, message, t]);

  useEffect(() => {
    if (chosen.length === 0 && added.length === 0) {
      setGuidance(null);
      return;
    }
    marketApi
      .suggest({ scopeCodes: chosen.map((e) => e.code), add: added, remove: removed })
      .then(setGuidance)
      .catch((e: unknown) => message.error(errorMessage(e, t)));
  }, [chosen, added, removed, message, t]);

  const choose = (entry: ScopeEntry) => setChosen((list) => (list.some((e) => e.code === entry.code) ? list : [...list, entry]));
  const drop = (code: string) => setChosen((list) => list.filter((e) => e.code !== code));
  const removeItem = (code: string) => {
    setAdded((list) => list.filter((c) => c !== code));
    setRemoved((list) => [...new Set([...list, code])]);
  };
  const restore = (code: string) => setRemoved((list) => list.filter((c) => c !== code));
  const addItem = (code: string) => {
    setRemoved((list) => list.filter((c) => c !== code));
    setAdded((list) => [...new Set([...list, code])]);
  };

  async function matchPasted() {
    try {
      const { fragments } = await marketApi.matchScope(pasted);
      fragments.forEach((f) => f.entry && choose(f.entry));
      setUnmatched(fragments.filter((f) => !f.entry).map((f) => f.fragment));
    } catch (e) {
      message.error(errorMessage(e, t));
    }
  }

  const onList = new Set(guidance?.items.map((i) => i.code) ?? []);
  const addable = catalogue.filter((i) => !onList.has(i.code)).map((i) => ({ value: i.code, label: `${i.name} · ${i.departmentName}` }));
  const nameOf = (code: string) => catalogue.find((i) => i.code === code)?.name ?? code;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('market.guide.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('market.guide.intro')}</Typography.Paragraph>
      <Card title={t('market.guide.scope')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.Search data-testid="market-scope-search" allowClear placeholder={t('market.guide.searchPlaceholder')} value={query} onChange={(e) => setQuery(e.target.value)} />
          {hits.length > 0 && (
            <List
              size="small" bordered dataSource={hits}
              renderItem={(entry) => (
                <List.Item actions={[<Button key="add" size="small" type="link" data-testid={`market-scope-add-${entry.code}`} onClick={() => choose(entry)}>{t('market.guide.choose')}</Button>]}>
                  <Space>
                    <Tag color={entry.class === 'licensed' ? 'orange' : 'default'}>{t(`market.class.${entry.class}`)}</Tag>
                    <span>{entry.wording}</span>
                  </Space>
                </List.Item>
              )}
            />
          )}
          <Input.TextArea rows={2} value={pasted} onChange={(e) => setPasted(e.target.value)} placeholder={t('market.guide.pastePlaceholder')} />
          <Button onClick={() => void matchPasted()} disabled={!pasted.trim()}>{t('market.guide.match')}</Button>
          {unmatched.length > 0 && <Alert type="info" showIcon message={t('market.guide.unmatched', { fragments: unmatched.join('；') })} />}
          <div data-testid="market-chosen">
            {chosen.length === 0 ? <Typography.Text type="secondary">{t('market.guide.noneChosen')}</Typography.Text> : chosen.map((e) => (
              <Tag key={e.code} closable color={e.class === 'licensed' ? 'orange' : undefined} onClose={() => drop(e.code)}>{e.wording}</Tag>
            ))}
          </div>
        </Space>
      </Card>
      <Card title={t('market.guide.licences')} extra={<Select showSearch style={{ width: 320 }} placeholder={t('market.guide.addOther')} options={addable} value={null} optionFilterProp="label" onChange={(code: string) => addItem(code)} />}>
        {!guidance ? <Empty description={t('market.guide.empty')} /> : (
          <Space direction="vertical" style={{ width: '100%' }}>
            {guidance.problems.map((p) => <Alert key={`${p.rule}-${p.item}-${p.missing ?? p.scope ?? ''}`} type="warning" showIcon message={p.message} data-testid={`market-problem-${p.rule}`} />)}
            <Descriptions size="small" column={3}>
              <Descriptions.Item label={t('market.totals.items')}>{guidance.totals.items}</Descriptions.Item>
              <Descriptions.Item label={t('market.totals.departments')}>{guidance.totals.departments}</Descriptions.Item>
              <Descriptions.Item label={t('market.totals.longest')}>{t('market.days', { count: guidance.totals.longestLimitDays })}</Descriptions.Item>
              <Descriptions.Item label={t('market.totals.automatic')}>{guidance.totals.automatic}</Descriptions.Item>
              <Descriptions.Item label={t('market.totals.commitment')}>{guidance.totals.commitment}</Descriptions.Item>
              <Descriptions.Item label={t('market.totals.zeroMaterials')}>{guidance.totals.zeroMaterials}</Descriptions.Item>
            </Descriptions>
            <Table<Item>
              rowKey="code" size="small" pagination={false} dataSource={guidance.items} data-testid="market-licences"
              columns={[
                { title: t('market.col.item'), key: 'name', render: (_: unknown, i: Item) => <Space direction="vertical" size={0}><strong>{i.name}</strong><Typography.Text type="secondary">{`${i.basis.law}${i.basis.article}`}</Typography.Text></Space> },
                { title: t('market.col.department'), dataIndex: 'departmentName', key: 'department' },
                { title: t('market.col.kind'), key: 'kind', render: (_: unknown, i: Item) => <Space size={4}><Tag>{t(`market.kind.${i.kind}`)}</Tag><Tag color={MODE_COLOURS[i.mode]}>{t(`market.mode.${i.mode}`)}</Tag>{i.zeroMaterials && <Tag color="cyan">{t('market.zeroMaterials')}</Tag>}</Space> },
                { title: t('market.col.limit'), key: 'limit', render: (_: unknown, i: Item) => (i.timeLimitDays === 0 ? t('market.instant') : t('market.days', { count: i.timeLimitDays })) },
                { title: t('market.col.reasons'), key: 'reasons', render: (_: unknown, i: Item) => <ul style={{ margin: 0, paddingInlineStart: 16 }}>{i.reasons.map((r) => <li key={`${r.kind}-${r.from ?? ''}`}>{r.text}</li>)}</ul> },
                { title: '', key: 'action', render: (_: unknown, i: Item) => <Button size="small" danger type="link" data-testid={`market-remove-${i.code}`} onClick={() => removeItem(i.code)}>{t('market.guide.remove')}</Button> },
              ]}
            />
            {removed.length > 0 && (
              <Space wrap>
                <Typography.Text type="secondary">{t('market.guide.removed')}</Typography.Text>
                {removed.map((code) => <Button key={code} size="small" onClick={() => restore(code)}>{t('market.guide.restore', { name: nameOf(code) })}</Button>)}
              </Space>
            )}
            {guidance.scopeText && <Alert type="success" message={t('market.guide.scopeText')} description={guidance.scopeText} />}
            <Button type="primary" data-testid="market-apply" disabled={chosen.length === 0}
              onClick={() => navigate(`/market/apply?scope=${chosen.map((e) => e.code).join(',')}&items=${guidance.items.map((i) => i.code).filter((c) => c !== 'business_licence').join(',')}`)}>
              {t('marketEntry.apply.start')}
            </Button>
          </Space>
        )}
      </Card>
    </Space>
  );
}
