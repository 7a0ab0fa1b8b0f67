import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, List, Modal, Row, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../../src/kernel/roles.ts';
import { decodeXml } from '../../../../src/kernel/xml-text.ts';
import { errorMessage } from '../../api/errors.ts';
import { createDiagram, newProcessXml, type Diagram, type DiagramElement } from './bpmn.ts';
import { fetchXml, flowApi, type CheckResult, type ProcessSummary } from './flow-api.ts';
import { ElementProperties } from './ElementProperties.tsx';
import { asyncValue, isAsync, type AsyncHolder } from './async-setting.ts';

const TASKING = ['candidateRole', 'candidateOrg', 'timeLimit', 'warnAt'] as const;

type Moddle = { $type: string; body?: string; values?: Moddle[] };

/** The inline JSON Schema form of a user task (`<onething:formSchema>`), as text. */
function formSchemaOf(element: DiagramElement): string {
  const ext = element.businessObject.get('extensionElements') as Moddle | undefined;
  return ext?.values?.find((v) => v.$type === 'onething:FormSchema')?.body ?? '';
}

/** Reads an attribute of the selected element's business object as text. */
function attrOf(element: DiagramElement, name: string): string {
  const value = element.businessObject.get(name);
  return typeof value === 'string' ? value : '';
}

/** The process designer: bpmn-js modeler, a small properties panel for our attributes, server-side check, save as a new version. */
export default function DesignerPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const container = useRef<HTMLDivElement>(null);
  const diagram = useRef<Diagram | null>(null);
  const [ready, setReady] = useState(false);
  const [processes, setProcesses] = useState<ProcessSummary[]>([]);
  const [key, setKey] = useState<string | null>(null);
  const [versions, setVersions] = useState<number[]>([]);
  const [selected, setSelected] = useState<DiagramElement | null>(null);
  const [, setRevision] = useState(0);
  const [check, setCheck] = useState<CheckResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [creating, setCreating] = useState(false);
  const [newForm] = Form.useForm<{ id: string; name: string }>();
  const fileInput = useRef<HTMLInputElement>(null);

  const refreshList = useCallback(() => flowApi.definitions().then((answer) => setProcesses(answer.items.filter((p) => !p.internal))).catch(setError), []);

  useEffect(() => {
    let alive = true;
    void (async () => {
      const modeler = await createDiagram('modeler', container.current!);
      if (!alive) return modeler.destroy();
      diagram.current = modeler;
      const bus = modeler.get('eventBus');
      bus.on('selection.changed', (event) => setSelected(event.newSelection?.[0] ?? null));
      bus.on('element.changed', () => setRevision((r) => r + 1));
      setReady(true);
    })().catch(setError);
    void refreshList();
    return () => {
      alive = false;
      diagram.current?.destroy();
      diagram.current = null;
    };
  }, [refreshList]);

  // Opens the first process the user may edit (else the first one) once the modeler is ready.
  const opened = useRef(false);
  useEffect(() => {
    if (!ready || opened.current || processes.length === 0) return;
    opened.current = true;
    void open((processes.find((p) => p.canEdit) ?? processes[0]).key);
  }, [ready, processes]);

  async function show(xml: string) {
    const modeler = diagram.current;
    if (!modeler) return;
    setCheck(null);
    setSelected(null);
    await modeler.importXML(xml);
    // Fit, then leave room on the left for the palette so it covers no element.
    const canvas = modeler.get('canvas');
    canvas.zoom(canvas.zoom('fit-viewport', 'auto') * 0.85, 'auto');
    canvas.scroll({ dx: 60, dy: 0 });
  }

  // Each load (a process opened, a file read) takes a number: one that finishes after a later one began shows nothing.
  const loads = useRef(0);

  async function open(processKey: string, version?: number) {
    setError(null);
    const load = ++loads.current;
    try {
      const xml = await fetchXml(processKey, version);
      if (load !== loads.current) return;
      setKey(processKey);
      await show(xml);
      const listed = (await flowApi.versions(processKey)).items.map((v) => v.version);
      if (load === loads.current) setVersions(listed);
    } catch (failure) {
      setError(failure);
    }
  }

  /** A file drawn in any BPMN tool, opened as a new process (saving deploys it); checked at once, so what cannot run shows. */
  async function openFile(file: File) {
    setError(null);
    const load = ++loads.current;
    try {
      // In the encoding the file declares (UTF-16, GBK…): `file.text()` reads UTF-8 only.
      const xml = decodeXml(new Uint8Array(await file.arrayBuffer()));
      if (load !== loads.current) return;
      opened.current = true;
      setKey(null);
      setVersions([]);
      await show(xml);
      setCheck(await flowApi.check(await currentXml()));
    } catch (failure) {
      setError(failure);
    }
  }

  async function currentXml(): Promise<string> {
    const saved = await diagram.current!.saveXML({ format: true });
    return saved.xml ?? '';
  }

  async function runCheck() {
    setBusy(true);
    try {
      setCheck(await flowApi.check(await currentXml()));
    } catch (failure) {
      message.error(errorMessage(failure, t));
    } finally {
      setBusy(false);
    }
  }

  async function save() {
    setBusy(true);
    try {
      const xml = await currentXml();
      const result = await flowApi.check(xml);
      setCheck(result);
      if (!result.ok) return;
      const saved = await flowApi.upload(xml);
      message.success(saved.created ? t('flow.designer.saved', { version: saved.version }) : t('flow.designer.unchanged', { version: saved.version }));
      setKey(saved.key);
      setVersions((await flowApi.versions(saved.key)).items.map((v) => v.version));
      void refreshList();
    } catch (failure) {
      message.error(errorMessage(failure, t));
    } finally {
      setBusy(false);
    }
  }

  function focus(id: string) {
    const modeler = diagram.current;
    const element = modeler?.get('elementRegistry').get(id);
    if (!modeler || !element) return;
    modeler.get('selection').select(element);
    modeler.get('canvas').scrollToElement(element);
  }

  function update(props: Record<string, unknown>) {
    const modeler = diagram.current;
    const element = selected ?? modeler?.get('canvas').getRootElement();
    if (!modeler || !element) return;
    modeler.get('modeling').updateProperties(element, props);
  }

  /** Writes a user task's form schema into its extension elements, keeping any other extensions (empty text removes it). */
  function updateForm(text: string) {
    const modeler = diagram.current;
    if (!modeler || !selected) return;
    const moddle = modeler.get('moddle');
    const current = selected.businessObject.get('extensionElements') as Moddle | undefined;
    const others = (current?.values ?? []).filter((v) => v.$type !== 'onething:FormSchema');
    const values = text.trim() ? [...others, moddle.create('onething:FormSchema', { body: text })] : others;
    update({ extensionElements: values.length ? moddle.create('bpmn:ExtensionElements', { values }) : undefined });
  }

  // Nothing selected: the process itself (before any import the canvas root has no business object).
  const root = ready ? diagram.current?.get('canvas').getRootElement() : undefined;
  const target = selected ?? (root?.businessObject ? root : null);
  const type = target?.type ?? '';
  const editable = processes.find((p) => p.key === key)?.canEdit ?? key === null;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('flow.designer.title')}</Typography.Title>
      {error !== null && <Alert type="error" showIcon message={errorMessage(error, t)} />}
      <Space wrap>
        <Select
          style={{ width: 260 }} placeholder={t('flow.designer.pick')} value={key ?? undefined} data-testid="designer-process"
          options={processes.map((p) => ({ value: p.key, label: `${p.name ?? p.key} (v${p.latestVersion})` }))} onChange={(value: string) => void open(value)}
        />
        <Select style={{ width: 120 }} placeholder={t('flow.designer.version')} disabled={!key} options={versions.map((v) => ({ value: v, label: `v${v}` }))} onChange={(v: number) => key && void open(key, v)} />
        <Button onClick={() => { newForm.resetFields(); setCreating(true); }} disabled={!ready}>{t('flow.designer.new')}</Button>
        <Button onClick={() => fileInput.current?.click()} disabled={!ready} data-testid="designer-open-file">{t('flow.designer.openFile')}</Button>
        <input
          ref={fileInput} type="file" accept=".bpmn,.xml" hidden data-testid="designer-file"
          onChange={(event) => { const file = event.target.files?.[0]; event.target.value = ''; if (file) void openFile(file); }}
        />
        <Button onClick={() => void runCheck()} loading={busy} disabled={!ready} data-testid="designer-check">{t('flow.designer.check')}</Button>
        <Button type="primary" onClick={() => void save()} loading={busy} disabled={!ready || !editable} data-testid="designer-save">{t('flow.designer.save')}</Button>
      </Space>
      {!editable && <Alert type="info" showIcon message={t('flow.designer.readOnly')} />}
      <Row gutter={16}>
        <Col xs={24} xl={17}>
          <div ref={container} className="flow-diagram designer" data-testid="designer-canvas" data-ready={ready ? 'yes' : 'no'} />
        </Col>
        <Col xs={24} xl={7}>
          <Card size="small" title={t('flow.designer.properties')} data-testid="designer-properties">
            {target && (
              <Form layout="vertical" key={`${target.id}`}>
                <Typography.Paragraph type="secondary">{type.replace('bpmn:', '')} · {target.businessObject.id}</Typography.Paragraph>
                <Form.Item label={t('flow.designer.name')}>
                  <Input defaultValue={target.businessObject.name ?? ''} onChange={(e) => update({ name: e.target.value })} data-testid="prop-name" />
                </Form.Item>
                {type === 'bpmn:UserTask' && TASKING.map((name) =>
                  name === 'candidateRole' ? (
                    <Form.Item key={name} label={t('flow.designer.candidateRole')}>
                      <Select mode="multiple" defaultValue={attrOf(target, 'onething:candidateRole').split(',').filter(Boolean)} options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                        onChange={(v: string[]) => update({ 'onething:candidateRole': v.join(',') || undefined })} />
                    </Form.Item>
                  ) : (
                    <Form.Item key={name} label={t(`flow.designer.${name}`)} extra={t(`flow.designer.${name}Hint`)}>
                      <Input defaultValue={attrOf(target, `onething:${name}`)} onChange={(e) => update({ [`onething:${name}`]: e.target.value || undefined })} data-testid={`prop-${name}`} />
                    </Form.Item>
                  ),
                )}
                {type === 'bpmn:UserTask' && (
                  <Form.Item label={t('flow.designer.form')} extra={t('flow.designer.formHint')}>
                    <Input.TextArea rows={5} defaultValue={formSchemaOf(target)} onChange={(e) => updateForm(e.target.value)} data-testid="prop-form" style={{ fontFamily: 'monospace', fontSize: 12 }} />
                  </Form.Item>
                )}
                {diagram.current && <ElementProperties target={target} diagram={diagram.current} update={update} />}
                {(type === 'bpmn:ServiceTask' || type === 'bpmn:SendTask') && (
                  <Form.Item label={t('flow.designer.handler')} extra={t('flow.designer.handlerHint')}>
                    <Input defaultValue={attrOf(target, 'onething:handler')} onChange={(e) => update({ 'onething:handler': e.target.value || undefined })} />
                  </Form.Item>
                )}
                {(type === 'bpmn:ServiceTask' || type === 'bpmn:SendTask') && (
                  <Form.Item extra={t('flow.designer.asyncHint')}>
                    <Checkbox defaultChecked={isAsync(target.businessObject as AsyncHolder)} onChange={(e) => update({ 'onething:async': asyncValue(target.businessObject as AsyncHolder, e.target.checked) })} data-testid="prop-async">
                      {t('flow.designer.async')}
                    </Checkbox>
                  </Form.Item>
                )}
                {type === 'bpmn:SequenceFlow' && (
                  <Form.Item label={t('flow.designer.condition')} extra={t('flow.designer.conditionHint')}>
                    <Input
                      defaultValue={target.businessObject.conditionExpression?.body ?? ''}
                      onChange={(e) => update({ conditionExpression: e.target.value ? diagram.current!.get('moddle').create('bpmn:FormalExpression', { body: e.target.value }) : undefined })}
                    />
                  </Form.Item>
                )}
              </Form>
            )}
          </Card>
          {check && (
            <Card size="small" style={{ marginTop: 16 }} title={check.ok ? t('flow.designer.checkOk') : t('flow.designer.checkProblems', { count: check.problems.length })} data-testid="designer-check-result">
              {check.ok ? <Alert type="success" showIcon message={t('flow.designer.checkOkHint')} /> : (
                <List size="small" dataSource={check.problems} renderItem={(p) => (
                  <List.Item className="flow-problem" onClick={() => focus(p.id)} data-testid="designer-problem">
                    <List.Item.Meta title={`${p.type.replace('bpmn:', '')} ${p.id} · ${t('flow.designer.line', { line: p.line })}`} description={p.message} />
                  </List.Item>
                )} />
              )}
              {check.ok && check.notes.length > 0 && (
                <>
                  <Alert style={{ marginTop: 8 }} type="warning" showIcon message={t('flow.designer.checkNotes', { count: check.notes.length })} />
                  <List size="small" dataSource={check.notes} renderItem={(n) => (
                    <List.Item className="flow-problem" onClick={() => focus(n.id)} data-testid="designer-note">
                      <List.Item.Meta title={`${n.type.replace('bpmn:', '')} ${n.id} · ${t('flow.designer.line', { line: n.line })}`} description={n.message} />
                    </List.Item>
                  )} />
                </>
              )}
            </Card>
          )}
        </Col>
      </Row>
      <Modal open={creating} title={t('flow.designer.new')} onOk={() => newForm.submit()} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form form={newForm} layout="vertical" onFinish={(values) => { opened.current = true; loads.current++; setCreating(false); setKey(null); setVersions([]); void show(newProcessXml(values.id, values.name)); }}>
          <Form.Item name="id" label={t('flow.designer.processId')} extra={t('flow.designer.processIdHint')} rules={[{ required: true, pattern: /^[A-Za-z][A-Za-z0-9_]{1,60}$/, message: t('flow.designer.processIdRule') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="name" label={t('flow.designer.processName')} rules={[{ required: true, message: t('flow.inbox.fieldRequired') }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
