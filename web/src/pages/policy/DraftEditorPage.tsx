import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Col, ConfigProvider, Form, Input, InputNumber, List, Modal, Row, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { errorMessage } from '../../api/errors.ts';
import { AuthorTestsEditor, type AuthorTest } from './AuthorTestsEditor.tsx';
import { attributeOptions } from './attribute-inputs.tsx';
import { ConditionBuilder } from './ConditionBuilder.tsx';
import { fenToYuan, yuanToFen } from './condition-tree.ts';
import { APPROVAL_MODES, CATEGORIES, draftsApi, isCommentOpen, publishedUnit, varsOf, type Attribute, type BudgetLine, type CertificateKind, type Draft, type Publication, type TestResult } from './drafts-api.ts';
import { ParametersEditor, type Parameter } from './ParametersEditor.tsx';
import { SandboxPanel } from './SandboxPanel.tsx';
import { TablesEditor, type DecisionTable } from './TablesEditor.tsx';
import { useAction } from './use-action.ts';

/** How long the editor waits after the last keystroke before saving. */
const AUTOSAVE_MS = 700;

type SaveState = 'saved' | 'dirty' | 'saving' | 'conflict' | 'failed';
type Doc = Record<string, unknown>;
type Benefit = { fixed: number } | { rate: number; base: unknown; cap?: number } | Record<string, unknown>;

/**
 * The policy-unit editor (/policy/draft?id=): form fields, the condition-tree builder, decision
 * tables, dated parameters and author tests running live; autosaved with the draft's revision; the
 * sandbox beside it; public comment and publishing.
 */
export default function DraftEditorPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const zh = i18n.language.startsWith('zh');
  const [params] = useSearchParams();
  const id = params.get('id') ?? '';
  const [draft, setDraft] = useState<Draft | null>(null);
  const [doc, setDoc] = useState<Doc | null>(null);
  const [checked, setChecked] = useState<Doc | null>(null);
  const [state, setState] = useState<SaveState>('saved');
  const [attributes, setAttributes] = useState<Attribute[]>([]);
  const [published, setPublished] = useState<Doc | null>(null);
  const [results, setResults] = useState<TestResult[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [publishing, setPublishing] = useState(false);
  const [publication, setPublication] = useState<Publication | null>(null);
  const [lines, setLines] = useState<BudgetLine[]>([]);
  const [kinds, setKinds] = useState<CertificateKind[]>([]);
  const [commenting, setCommenting] = useState(false);
  const [closesOn, setClosesOn] = useState('');
  const { busy, run } = useAction();
  const [publishForm] = Form.useForm<{ mode?: string; budgetLineId?: string; certificates?: string[] }>();
  const revision = useRef(0);
  const edits = useRef(0);

  const adopt = useCallback((d: Draft) => {
    setDraft(d);
    revision.current = d.revision;
    setChecked(d.problems?.length ? null : d.document);
  }, []);

  useEffect(() => {
    draftsApi.attributes().then((a) => setAttributes(a.items)).catch(setError);
    draftsApi.get(id).then((d) => {
      adopt(d);
      setDoc(d.document);
      if (d.baseVersion !== null) publishedUnit(d.unitId).then((v) => setPublished(v.unit)).catch(() => setPublished(null));
    }).catch(setError);
  }, [id, adopt]);

  const readOnly = !draft || draft.status !== 'editing' || isCommentOpen(draft);

  // Autosave: the last edit is saved after a pause, at the revision it started from. One save at a
  // time (two in flight would carry the same revision and the second would conflict); edits made
  // meanwhile are saved right after.
  const latest = useRef<Doc | null>(null);
  const saving = useRef(false);
  latest.current = doc;
  const flush = useCallback(async () => {
    if (saving.current) return;
    saving.current = true;
    try {
      for (;;) {
        const edit = edits.current;
        setState('saving');
        adopt(await draftsApi.save(id, latest.current, revision.current));
        if (edit === edits.current) break;
      }
      setState('saved');
    } catch (e) {
      setState(e instanceof ApiError && e.status === 409 ? 'conflict' : 'failed');
      message.error(errorMessage(e, t));
    } finally {
      saving.current = false;
    }
  }, [id, adopt, message, t]);
  useEffect(() => {
    if (!doc || state !== 'dirty' || readOnly) return;
    const timer = setTimeout(() => void flush(), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [doc, state, readOnly, flush]);

  // The author tests run on every valid saved text (an answer overtaken by a newer text is dropped).
  const testRun = useRef(0);
  useEffect(() => {
    if (!checked) return;
    const run = ++testRun.current;
    if (!Array.isArray(checked.tests) || checked.tests.length === 0) { setResults([]); return; }
    draftsApi.tests(checked).then((r) => { if (run === testRun.current) setResults(r.results); }).catch(() => { if (run === testRun.current) setResults(null); });
  }, [checked]);

  const update = (patch: Doc) => {
    edits.current++;
    setDoc((d) => ({ ...(d ?? {}), ...patch }));
    setState('dirty');
  };

  async function publish(values: { mode?: string; budgetLineId?: string; certificates?: string[] }) {
    await run(async () => {
      // The certificates go with the mode (apply-free claims ask for none); left empty, the unit keeps what it had.
      const needs = values.mode && values.mode !== 'apply_free' && values.certificates?.length
        ? { certificates: values.certificates.map((kind) => ({ kind, title: kinds.find((k) => k.kind === kind)?.title ?? kind })) } : {};
      const settings = values.mode && values.budgetLineId ? { mode: values.mode as never, budgetLineId: values.budgetLineId, ...needs } : {};
      const r = await draftsApi.publish(id, { revision: revision.current, ...settings });
      adopt(r.draft);
      setPublishing(false);
      let p = r.publication;
      setPublication(p);
      while (p.status === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 400));
        p = await draftsApi.publication(p.id);
        setPublication(p);
      }
    }, t('drafting.published'));
  }

  const tables = (doc?.tables ?? {}) as Record<string, DecisionTable>;
  const parameters = (doc?.parameters ?? {}) as Record<string, Parameter>;
  const template = useMemo(() => {
    const facts: Doc = {};
    const byKey = new Map(attributes.map((a) => [a.key, a]));
    for (const key of varsOf([doc?.eligibility, Object.values(tables).map((x) => x.inputs)])) {
      const a = byKey.get(key);
      facts[key] = a?.type === 'enum' ? (a.values?.[0] ?? '') : a?.type === 'boolean' ? true : a?.periods && a.periods > 1 ? [0] : 0;
    }
    const district = (doc?.scope as string[] | undefined)?.find((c) => /^\d{6}$/.test(c) && !c.endsWith('00'));
    if (district) facts.district = district;
    return facts;
  }, [doc?.eligibility, doc?.scope, tables, attributes]);

  if (error) return <Alert type="error" showIcon message={errorMessage(error, t)} />;
  if (!draft || !doc) return <Card loading />;
  const title = (doc.title ?? { zh: '', en: '' }) as { zh: string; en: string };
  const source = (doc.source ?? {}) as { document?: string; article?: string; issuer?: string; url?: string };
  const benefit = (doc.benefit ?? { fixed: 0 }) as Benefit;
  const benefitKind = 'fixed' in benefit ? 'fixed' : 'rate' in benefit && !('brackets' in benefit) ? 'rate' : 'other';
  const setSource = (patch: Partial<typeof source>) => update({ source: { ...source, ...patch } });
  const problems = draft.problems ?? [];
  const open = isCommentOpen(draft);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>{title.zh || draft.unitId}</Typography.Title>
          <Tag>{draft.unitId}</Tag>
          <Tag color={draft.status === 'editing' ? 'blue' : draft.status === 'published' ? 'green' : 'default'}>{t(`drafting.status.${draft.status}`)}</Tag>
          {draft.baseVersion !== null && <Tag>{t('drafting.fromVersion', { version: draft.baseVersion })}</Tag>}
          <Tag data-testid="draft-save-state" color={state === 'saved' ? 'green' : state === 'conflict' || state === 'failed' ? 'red' : 'gold'}>{t(`drafting.save.${state}`, { revision: draft.revision })}</Tag>
          {open && <Tag color="purple">{t('drafting.comment.openUntil', { day: draft.comment!.closesOn })}</Tag>}
        </Space>
        <Space wrap>
          {draft.comment && <Link to={`/policy/consultations?id=${draft.id}`}>{t('drafting.comment.view')}</Link>}
          {draft.status === 'editing' && (open
            ? <Button loading={busy} data-testid="comment-close" onClick={() => void run(async () => adopt({ ...(await draftsApi.closeComment(id)), problems }), t('drafting.comment.closed'))}>{t('drafting.comment.close')}</Button>
            : <Button disabled={problems.length > 0 || state !== 'saved'} data-testid="comment-open" onClick={() => setCommenting(true)}>{t('drafting.comment.open')}</Button>)}
          {draft.status === 'editing' && <Button type="primary" data-testid="draft-publish" disabled={problems.length > 0 || state !== 'saved' || open || results?.some((r) => !r.passed)}
            onClick={() => {
              draftsApi.budgetLines().then((l) => setLines(l.items)).catch(() => setLines([]));
              draftsApi.certificateKinds().then((k) => setKinds(k.items)).catch(() => setKinds([]));
              setPublishing(true);
            }}>{t('drafting.publish')}</Button>}
        </Space>
      </Space>
      {state === 'conflict' && <Alert type="error" showIcon message={t('drafting.save.conflictHelp')} action={<Button size="small" onClick={() => window.location.reload()}>{t('drafting.reload')}</Button>} />}
      {readOnly && draft.status === 'editing' && <Alert type="info" showIcon message={t('drafting.frozen')} />}
      {publication && <Alert data-testid="publish-result" type={publication.status === 'failed' ? 'error' : publication.status === 'done' ? 'success' : 'info'} showIcon
        message={publication.status === 'done' ? t('drafting.publication.done', { eligible: publication.eligible ?? 0, pushes: publication.pushes ?? 0 }) : publication.status === 'failed' ? (publication.error ?? '') : t('drafting.publication.running', { pct: Math.round((publication.progress ?? 0) * 100) })} />}
      {problems.length > 0 && (
        <Alert type="warning" showIcon message={t('drafting.problems', { count: problems.length })} data-testid="draft-problems"
          description={<List size="small" dataSource={problems} renderItem={(p) => <List.Item><Typography.Text code>{p.field}</Typography.Text> <Tag>{p.rule}</Tag> {p.message}</List.Item>} />} />
      )}
      <Row gutter={16} align="top">
        <Col xs={24} xl={14}>
          <ConfigProvider componentDisabled={readOnly}>
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              <Card size="small" title={t('drafting.section.basics')}>
                <Form layout="vertical">
                  <Row gutter={12}>
                    <Col span={12}><Form.Item label={t('drafting.field.titleZh')}><Input data-testid="draft-title-zh" value={title.zh} onChange={(e) => update({ title: { ...title, zh: e.target.value } })} /></Form.Item></Col>
                    <Col span={12}><Form.Item label={t('drafting.field.titleEn')}><Input data-testid="draft-title-en" value={title.en} onChange={(e) => update({ title: { ...title, en: e.target.value } })} /></Form.Item></Col>
                    <Col span={8}><Form.Item label={t('drafting.field.category')}>
                      <Select value={(doc.category as string) ?? undefined} onChange={(category: string) => update({ category })} options={CATEGORIES.map((c, i) => ({ value: c, label: t(`drafting.category.${i}`) }))} />
                    </Form.Item></Col>
                    <Col span={8}><Form.Item label={t('drafting.field.issuer')}><Input data-testid="draft-issuer" value={source.issuer ?? ''} onChange={(e) => setSource({ issuer: e.target.value })} /></Form.Item></Col>
                    <Col span={8}><Form.Item label={t('drafting.field.scope')}><Select mode="tags" value={(doc.scope as string[]) ?? []} onChange={(scope: string[]) => update({ scope })} /></Form.Item></Col>
                    <Col span={12}><Form.Item label={t('drafting.field.document')}><Input data-testid="draft-source-document" value={source.document ?? ''} onChange={(e) => setSource({ document: e.target.value })} /></Form.Item></Col>
                    <Col span={12}><Form.Item label={t('drafting.field.article')}><Input value={source.article ?? ''} onChange={(e) => setSource({ article: e.target.value })} /></Form.Item></Col>
                    <Col span={8}><Form.Item label={t('drafting.field.validFrom')}><Input type="date" value={(doc.validFrom as string) ?? ''} onChange={(e) => update({ validFrom: e.target.value || undefined })} /></Form.Item></Col>
                    <Col span={8}><Form.Item label={t('drafting.field.validTo')}><Input type="date" value={(doc.validTo as string) ?? ''} onChange={(e) => update({ validTo: e.target.value || undefined })} /></Form.Item></Col>
                    <Col span={8}><Form.Item label={t('drafting.field.url')}><Input value={source.url ?? ''} onChange={(e) => setSource({ url: e.target.value || undefined })} /></Form.Item></Col>
                  </Row>
                </Form>
              </Card>
              <Card size="small" title={t('drafting.section.eligibility')}>
                <ConditionBuilder value={doc.eligibility} attributes={attributes} parameters={Object.keys(parameters)} tables={Object.keys(tables)} onChange={(eligibility) => update({ eligibility })} />
              </Card>
              <Card size="small" title={t('drafting.section.benefit')}>
                <Space wrap>
                  <Select style={{ width: 160 }} value={benefitKind} data-testid="benefit-kind" onChange={(k: string) => update({ benefit: k === 'fixed' ? { fixed: 0 } : k === 'rate' ? { rate: 0.1, base: { var: 'revenue' } } : { brackets: [{ upTo: null, rate: 0.1 }], base: { var: 'revenue' } } })}
                    options={[{ value: 'fixed', label: t('drafting.benefit.fixed') }, { value: 'rate', label: t('drafting.benefit.rate') }, { value: 'other', label: t('drafting.benefit.other') }]} />
                  {'fixed' in benefit && typeof benefit.fixed === 'number' && <InputNumber data-testid="benefit-fixed" style={{ width: 220 }} addonAfter={t('drafting.yuan')} value={fenToYuan(benefit.fixed)} onChange={(v) => update({ benefit: { fixed: yuanToFen(Number(v ?? 0)) } })} />}
                  {benefitKind === 'rate' && 'rate' in benefit && (
                    <>
                      <InputNumber style={{ width: 120 }} step={0.01} value={benefit.rate as number} onChange={(v) => update({ benefit: { ...benefit, rate: Number(v ?? 0) } })} />
                      <Typography.Text>{t('drafting.benefit.of')}</Typography.Text>
                      <Select showSearch optionFilterProp="label" style={{ width: 240 }} value={(benefit.base as { var?: string })?.var} options={attributeOptions(attributes, zh, (a) => a.type === 'money' || a.type === 'number' || a.type === 'integer')} onChange={(v: string) => update({ benefit: { ...benefit, base: { var: v } } })} />
                      <InputNumber style={{ width: 200 }} addonBefore={t('drafting.benefit.cap')} addonAfter={t('drafting.yuan')} value={typeof benefit.cap === 'number' ? fenToYuan(benefit.cap) : null}
                        onChange={(v) => { const { cap: _c, ...rest } = benefit as { cap?: number }; update({ benefit: v === null ? rest : { ...rest, cap: yuanToFen(Number(v)) } }); }} />
                    </>
                  )}
                  {benefitKind === 'other' && <Input.TextArea key={JSON.stringify(benefit)} autoSize style={{ fontFamily: 'monospace', minWidth: 420 }} defaultValue={JSON.stringify(benefit)} onBlur={(e) => { try { update({ benefit: JSON.parse(e.target.value) as Benefit }); } catch { /* kept until it parses */ } }} />}
                </Space>
              </Card>
              <Card size="small" title={t('drafting.section.parameters')}>
                <ParametersEditor value={parameters} onChange={(next) => update({ parameters: Object.keys(next).length ? next : undefined })} />
              </Card>
              <Card size="small" title={t('drafting.section.tables')}>
                <TablesEditor value={tables} attributes={attributes} onChange={(next) => update({ tables: Object.keys(next).length ? next : undefined })} />
              </Card>
              <Card size="small" title={t('drafting.section.tests')} extra={results && results.length > 0 && <Tag color={results.every((r) => r.passed) ? 'green' : 'red'} data-testid="tests-summary">{t('drafting.tests.summary', { passed: results.filter((r) => r.passed).length, total: results.length })}</Tag>}>
                <AuthorTestsEditor value={(doc.tests ?? []) as AuthorTest[]} attributes={attributes} results={results} template={template} onChange={(tests) => update({ tests })} />
              </Card>
            </Space>
          </ConfigProvider>
        </Col>
        <Col xs={24} xl={10} style={{ position: 'sticky', top: 16 }}>
          <SandboxPanel unit={checked} published={published} attributes={attributes} />
        </Col>
      </Row>
      <Modal open={publishing} title={t('drafting.publishTitle')} onCancel={() => setPublishing(false)} confirmLoading={busy} onOk={() => void publishForm.validateFields().then(publish, () => undefined /* the form shows what is wrong */)} okButtonProps={{ 'data-testid': 'publish-confirm' } as Record<`data-${string}`, string>}>
        <Typography.Paragraph>{t('drafting.publishHelp', { version: (draft.baseVersion ?? 0) + 1 })}</Typography.Paragraph>
        <Form form={publishForm} layout="vertical">
          <Form.Item name="mode" label={t('policy.mode.label')}>
            <Select allowClear data-testid="publish-mode" options={APPROVAL_MODES.map((m) => ({ value: m, label: t(`policy.mode.${m}`) }))} />
          </Form.Item>
          <Form.Item name="budgetLineId" label={t('drafting.budgetLine')} dependencies={['mode']}
            rules={[({ getFieldValue }) => ({ validator: (_r, v) => (Boolean(getFieldValue('mode')) === Boolean(v) ? Promise.resolve() : Promise.reject(new Error(t('drafting.settingsPair')))) })]}>
            <Select allowClear data-testid="publish-line" options={lines.map((l) => ({ value: l.id, label: `${l.title} · ${fenToYuan(l.balances?.available ?? l.capFen).toLocaleString()} ${t('drafting.yuan')}` }))} />
          </Form.Item>
          <Form.Item noStyle dependencies={['mode']}>
            {({ getFieldValue }) => getFieldValue('mode') && getFieldValue('mode') !== 'apply_free' && (
              <Form.Item name="certificates" label={t('drafting.certificates')} extra={t('drafting.certificatesHelp')}>
                <Select mode="tags" allowClear optionFilterProp="label" data-testid="publish-certificates" maxCount={20}
                  options={kinds.map((k) => ({ value: k.kind, label: `${k.title} · ${k.source}` }))} />
              </Form.Item>
            )}
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={commenting} title={t('drafting.comment.open')} onCancel={() => setCommenting(false)} confirmLoading={busy} okButtonProps={{ disabled: !closesOn }}
        onOk={() => void run(async () => { adopt({ ...(await draftsApi.openComment(id, closesOn)), problems }); setCommenting(false); }, t('drafting.comment.opened'))}>
        <Typography.Paragraph>{t('drafting.comment.help')}</Typography.Paragraph>
        <Input type="date" data-testid="comment-closes-on" value={closesOn} onChange={(e) => setClosesOn(e.target.value)} />
      </Modal>
    </Space>
  );
}
