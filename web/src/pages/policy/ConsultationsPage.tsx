import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth/context.ts';
import { errorMessage } from '../../api/errors.ts';
import { useAction } from './use-action.ts';
import { draftsApi, type Consultation, type Described, type DraftComment } from './drafts-api.ts';

const COMPANY = ['enterprise', 'agent'];
const DRAFTERS = ['platform_admin', 'department_officer'];

/** A unit's conditions as nested sentences: all of, any of, none of. */
function Conditions({ d, zh }: { d: Described; zh: boolean }) {
  const { t } = useTranslation();
  if (d.kind === 'condition') return <li data-testid="plain-condition">{zh ? d.zh : d.en}</li>;
  return (
    <li>
      {t(`drafting.plain.${d.kind}`)}
      <ul>{d.items.map((x, i) => <Conditions key={i} d={x} zh={zh} />)}</ul>
    </li>
  );
}

/**
 * Public comment (征求意见): drafts opened for comment, each in plain language (its conditions as
 * the rules engine's sentences) with the comments and answers; companies comment while the period
 * is open; the drafting organisation answers. Readable without logging in.
 */
export default function ConsultationsPage() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const zh = i18n.language.startsWith('zh');
  const [params, setParams] = useSearchParams();
  const id = params.get('id');
  const [list, setList] = useState<Consultation[] | null>(null);
  const [one, setOne] = useState<Consultation | null>(null);
  const [body, setBody] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    if (id) draftsApi.consultation(id).then(setOne).catch(setError);
    else draftsApi.consultations().then((r) => setList(r.items)).catch(setError);
  }, [id]);
  useEffect(load, [load]);

  const { busy, run } = useAction(load);

  const period = (c: Consultation) => (
    <Tag color={c.period.open ? 'green' : 'default'} data-testid="consultation-period">
      {c.period.open ? t('drafting.comment.openUntil', { day: c.period.closesOn }) : t('drafting.comment.ended', { day: (c.period.closedAt ?? c.period.closesOn).slice(0, 10) })}
    </Tag>
  );

  if (error) return <Alert type="error" showIcon message={errorMessage(error, t)} />;
  if (!id) {
    return (
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Typography.Title level={3}>{t('drafting.consultations')}</Typography.Title>
        <Card loading={list === null}>
          <List
            dataSource={list ?? []} locale={{ emptyText: <Empty description={t('drafting.noConsultations')} /> }}
            renderItem={(c) => (
              <List.Item actions={[<Button key="read" type="link" data-testid={`consultation-${c.unitId}`} onClick={() => setParams({ id: c.draftId })}>{t('drafting.read')}</Button>]}>
                <List.Item.Meta title={<Space>{zh ? c.title.zh : c.title.en}{period(c)}</Space>} description={`${c.source?.issuer ?? ''} ${c.source?.document ?? ''} · ${t('drafting.commentCount', { count: typeof c.comments === 'number' ? c.comments : c.comments.length })}`} />
              </List.Item>
            )}
          />
        </Card>
      </Space>
    );
  }
  if (!one) return <Card loading />;
  const comments = Array.isArray(one.comments) ? one.comments : [];
  const canComment = one.period.open && me && COMPANY.includes(me.role);
  const canAnswer = me && DRAFTERS.includes(me.role);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap>
        <Button onClick={() => setParams({})}>{t('drafting.back')}</Button>
        <Typography.Title level={3} style={{ margin: 0 }}>{zh ? one.title.zh : one.title.en}</Typography.Title>
        {period(one)}
      </Space>
      <Card title={t('drafting.plain.title')}>
        <Descriptions column={2} size="small" style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('drafting.field.issuer')}>{one.source?.issuer ?? '-'}</Descriptions.Item>
          <Descriptions.Item label={t('drafting.field.document')}>{[one.source?.document, one.source?.article].filter(Boolean).join(' ') || '-'}</Descriptions.Item>
          <Descriptions.Item label={t('drafting.field.validFrom')}>{one.validFrom ?? '-'}</Descriptions.Item>
          <Descriptions.Item label={t('drafting.field.validTo')}>{one.validTo ?? '-'}</Descriptions.Item>
          <Descriptions.Item label={t('drafting.field.category')}>{one.category ?? '-'}</Descriptions.Item>
          <Descriptions.Item label={t('drafting.field.scope')}>{one.scope.join(', ') || '-'}</Descriptions.Item>
        </Descriptions>
        {one.plain ? (
          <>
            <Typography.Text strong>{t('drafting.plain.who')}</Typography.Text>
            <ul data-testid="plain-conditions"><Conditions d={one.plain.eligibility} zh={zh} /></ul>
            {one.plain.benefit && <Typography.Paragraph><Typography.Text strong>{t('drafting.plain.what')}</Typography.Text>{zh ? one.plain.benefit.zh : one.plain.benefit.en}</Typography.Paragraph>}
          </>
        ) : <Alert type="warning" message={t('drafting.plain.unavailable')} />}
      </Card>
      <Card title={t('drafting.commentCount', { count: comments.length })}>
        <List
          dataSource={comments} locale={{ emptyText: <Empty description={t('drafting.noComments')} /> }}
          renderItem={(c: DraftComment) => (
            <List.Item data-testid="comment-item">
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text type="secondary">{c.companyName} · {new Date(c.createdAt).toLocaleString()}</Typography.Text>
                <Typography.Paragraph style={{ marginBottom: 0 }}>{c.body}</Typography.Paragraph>
                {c.answer && <Alert type="info" data-testid="comment-answer" message={t('drafting.answerLabel', { at: new Date(c.answer.at).toLocaleString() })} description={c.answer.text} />}
                {canAnswer && (
                  <Space.Compact style={{ width: '100%' }}>
                    <Input data-testid="answer-input" value={answers[c.id] ?? ''} placeholder={c.answer ? t('drafting.answerAgain') : t('drafting.answerPlaceholder')} onChange={(e) => setAnswers({ ...answers, [c.id]: e.target.value })} />
                    <Button type="primary" data-testid="answer-submit" loading={busy} disabled={!(answers[c.id] ?? '').trim()} onClick={() => void run(async () => { await draftsApi.answer(c.id, answers[c.id]); setAnswers({ ...answers, [c.id]: '' }); }, t('drafting.answered'))}>{t('drafting.answer')}</Button>
                  </Space.Compact>
                )}
              </Space>
            </List.Item>
          )}
        />
        {canComment && (
          <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
            <Input.TextArea data-testid="comment-body" rows={3} maxLength={2000} showCount value={body} onChange={(e) => setBody(e.target.value)} placeholder={t('drafting.commentPlaceholder')} />
            <Button type="primary" data-testid="comment-submit" loading={busy} disabled={!body.trim()} onClick={() => void run(async () => { await draftsApi.comment(one.draftId, body); setBody(''); }, t('drafting.commented'))}>{t('drafting.submitComment')}</Button>
          </Space>
        )}
        {!me && one.period.open && <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('drafting.loginToComment')}</Typography.Paragraph>}
      </Card>
    </Space>
  );
}
