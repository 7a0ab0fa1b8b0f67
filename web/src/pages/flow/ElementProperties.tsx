// The designer's panels for behaviour drawn with bpmn-js's own tools but configured with our
// attributes: multi-instance, timers, messages, business-rule tasks, call activities and errors. Each edit goes through
// bpmn-js's modeling service, so it is undoable and lands in the saved XML.
import { useEffect, useState } from 'react';
import { Form, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Diagram, DiagramElement } from './bpmn.ts';
import { flowApi } from './flow-api.ts';
import { parseTimer, timerBody, TIMER_UNITS, type TimerFields, type TimerUnit } from './timer-fields.ts';

/** A moddle element as the panels read it. */
type Moddle = { $type: string; $parent?: Moddle; body?: string; name?: string; id?: string; get(name: string): unknown; [key: string]: unknown };

const ACTIVITIES = new Set(['bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ReceiveTask', 'bpmn:Task', 'bpmn:ManualTask', 'bpmn:SubProcess', 'bpmn:CallActivity']);
const definitionOf = (element: DiagramElement, type: string) =>
  ((element.businessObject.get('eventDefinitions') as Moddle[] | undefined) ?? []).find((d) => d.$type === type);

/** The properties of the selected element beyond the basic ones: shown only where they apply. */
export function ElementProperties({ target, diagram, update }: { target: DiagramElement; diagram: Diagram; update: (props: Record<string, unknown>) => void }) {
  const type = target.type;
  const timer = definitionOf(target, 'bpmn:TimerEventDefinition');
  const message = type === 'bpmn:ReceiveTask' ? target.businessObject : definitionOf(target, 'bpmn:MessageEventDefinition');
  const error = definitionOf(target, 'bpmn:ErrorEventDefinition');
  return (
    <>
      {ACTIVITIES.has(type) && <MultiInstance target={target} diagram={diagram} update={update} />}
      {timer && <Timer target={target} definition={timer} diagram={diagram} />}
      {message && <Message target={target} holder={message as unknown as Moddle} diagram={diagram} update={update} />}
      {type === 'bpmn:BusinessRuleTask' && <RuleTask target={target} update={update} />}
      {type === 'bpmn:CallActivity' && <CallActivity key={target.id} target={target} update={update} />}
      {error && <ErrorCode key={target.id} target={target} definition={error} diagram={diagram} />}
    </>
  );
}

const text = (element: { get(name: string): unknown } | undefined, name: string) => {
  const v = element?.get(name);
  return typeof v === 'string' ? v : '';
};

function MultiInstance({ target, diagram, update }: { target: DiagramElement; diagram: Diagram; update: (props: Record<string, unknown>) => void }) {
  const { t } = useTranslation();
  const current = () => {
    const loop = target.businessObject.get('loopCharacteristics') as Moddle | undefined;
    return loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics' ? loop : undefined;
  };
  const loop = current();
  const [mode, setMode] = useState<'none' | 'parallel' | 'sequential'>(loop ? (loop.get('isSequential') ? 'sequential' : 'parallel') : 'none');
  /** Replaces the loop with one holding the current fields and the change (one undoable step). */
  function write(change: { mode?: typeof mode; collection?: string; elementVariable?: string; outputCollection?: string; outputElement?: string; completionCondition?: string }) {
    const now = current();
    const next = { mode, collection: text(now, 'onething:collection'), elementVariable: text(now, 'onething:elementVariable'), outputCollection: text(now, 'onething:outputCollection'),
      outputElement: text(now, 'onething:outputElement'), completionCondition: (now?.get('completionCondition') as Moddle | undefined)?.body ?? '', ...change };
    setMode(next.mode);
    if (next.mode === 'none') return update({ loopCharacteristics: undefined });
    const moddle = diagram.get('moddle');
    const attrs: Record<string, unknown> = { isSequential: next.mode === 'sequential' };
    for (const k of ['collection', 'elementVariable', 'outputCollection', 'outputElement'] as const) if (next[k]) attrs[`onething:${k}`] = next[k];
    if (next.completionCondition) attrs.completionCondition = moddle.create('bpmn:FormalExpression', { body: next.completionCondition });
    update({ loopCharacteristics: moddle.create('bpmn:MultiInstanceLoopCharacteristics', attrs) });
  }
  return (
    <>
      <Form.Item label={t('flow.designer.multiInstance')} extra={t('flow.designer.multiInstanceHint')}>
        <Select value={mode} onChange={(v: typeof mode) => write({ mode: v })} data-testid="prop-mi-mode"
          options={(['none', 'parallel', 'sequential'] as const).map((m) => ({ value: m, label: t(`flow.designer.mi.${m}`) }))} />
      </Form.Item>
      {mode !== 'none' && (['collection', 'elementVariable', 'outputCollection', 'outputElement', 'completionCondition'] as const).map((k) => (
        <Form.Item key={k} label={t(`flow.designer.mi.${k}`)} extra={k === 'collection' || k === 'completionCondition' ? t(`flow.designer.mi.${k}Hint`) : undefined}>
          <Input defaultValue={k === 'completionCondition' ? ((loop?.get('completionCondition') as Moddle | undefined)?.body ?? '') : text(loop, `onething:${k}`)}
            onChange={(e) => write({ [k]: e.target.value })} data-testid={`prop-mi-${k}`} />
        </Form.Item>
      ))}
    </>
  );
}

function Timer({ target, definition, diagram }: { target: DiagramElement; definition: Moddle; diagram: Diagram }) {
  const { t } = useTranslation();
  const initialKind: TimerFields['kind'] = definition.get('timeCycle') ? 'cycle' : definition.get('timeDate') ? 'date' : 'duration';
  const initialBody = ((definition.get(initialKind === 'cycle' ? 'timeCycle' : initialKind === 'date' ? 'timeDate' : 'timeDuration') as Moddle | undefined)?.body ?? '').trim();
  const parsed = parseTimer(initialKind, initialBody);
  const [fields, setFields] = useState<TimerFields>(parsed ?? { kind: initialKind, unit: 'wd' });
  const [raw, setRaw] = useState(parsed || !initialBody ? '' : initialBody);
  function write(change: Partial<TimerFields>) {
    const next: TimerFields = { unit: 'wd', ...fields, ...change };
    setFields(next);
    const body = timerBody(next);
    if (body === undefined) return;
    setRaw('');
    const expression = diagram.get('moddle').create('bpmn:FormalExpression', { body });
    diagram.get('modeling').updateModdleProperties(target, definition, {
      timeDuration: next.kind === 'duration' ? expression : undefined, timeDate: next.kind === 'date' ? expression : undefined, timeCycle: next.kind === 'cycle' ? expression : undefined,
    });
  }
  const amount = (
    <Space.Compact style={{ width: '100%' }}>
      <InputNumber min={1} precision={0} value={fields.amount} onChange={(v) => write({ amount: v ?? undefined })} style={{ width: '45%' }} data-testid="prop-timer-amount" />
      <Select value={fields.unit ?? 'wd'} onChange={(v: TimerUnit) => write({ unit: v })} style={{ width: '55%' }} data-testid="prop-timer-unit"
        options={TIMER_UNITS.map((u) => ({ value: u, label: t(`flow.designer.timer.unit.${u}`) }))} />
    </Space.Compact>
  );
  return (
    <>
      <Form.Item label={t('flow.designer.timer.kind')} extra={raw ? t('flow.designer.timer.raw', { raw }) : undefined}>
        <Select value={fields.kind} onChange={(v: TimerFields['kind']) => write({ kind: v })} data-testid="prop-timer-kind"
          options={(['duration', 'date', 'cycle'] as const).map((k) => ({ value: k, label: t(`flow.designer.timer.${k}`) }))} />
      </Form.Item>
      {fields.kind === 'date' ? (
        <Form.Item label={t('flow.designer.timer.date')} extra={t('flow.designer.timer.dateHint')}>
          <Input defaultValue={fields.date} onChange={(e) => write({ date: e.target.value })} data-testid="prop-timer-date" />
        </Form.Item>
      ) : (
        <Form.Item label={t(fields.kind === 'cycle' ? 'flow.designer.timer.every' : 'flow.designer.timer.after')} extra={t('flow.designer.timer.unitHint')}>{amount}</Form.Item>
      )}
      {fields.kind === 'cycle' && (
        <>
          <Form.Item label={t('flow.designer.timer.times')} extra={t('flow.designer.timer.timesHint')}>
            <InputNumber min={1} precision={0} value={fields.times} onChange={(v) => write({ times: v ?? undefined })} data-testid="prop-timer-times" />
          </Form.Item>
          <Form.Item label={t('flow.designer.timer.start')} extra={t('flow.designer.timer.startHint')}>
            <Input defaultValue={fields.start} onChange={(e) => write({ start: e.target.value })} data-testid="prop-timer-start" />
          </Form.Item>
        </>
      )}
    </>
  );
}

/** The definitions element a business object belongs to (where bpmn:message and bpmn:error elements live). */
function definitionsOf(element: Moddle): Moddle | undefined {
  let e: Moddle | undefined = element;
  while (e && e.$type !== 'bpmn:Definitions') e = e.$parent;
  return e;
}

function Message({ target, holder, diagram, update }: { target: DiagramElement; holder: Moddle; diagram: Diagram; update: (props: Record<string, unknown>) => void }) {
  const { t } = useTranslation();
  const ref = holder.get('messageRef') as Moddle | undefined;
  const catches = !['bpmn:EndEvent', 'bpmn:IntermediateThrowEvent'].includes(target.type);
  /** Points the event (or receive task) at the bpmn:message with this name, adding one when none has it. */
  function setName(name: string) {
    const moddle = diagram.get('moddle');
    const definitions = definitionsOf(target.businessObject as unknown as Moddle);
    if (!definitions || !name.trim()) return;
    const roots = definitions.get('rootElements') as Moddle[];
    let msg = roots.find((r) => r.$type === 'bpmn:Message' && r.name === name.trim());
    if (!msg) {
      const id = moddle.ids?.nextPrefixed('Message_') ?? `Message_${Date.now().toString(36)}`;
      msg = moddle.create('bpmn:Message', { id, name: name.trim() }) as Moddle;
      msg.$parent = definitions;
      roots.push(msg);
    }
    if (holder === (target.businessObject as unknown as Moddle)) update({ messageRef: msg });
    else diagram.get('modeling').updateModdleProperties(target, holder, { messageRef: msg });
  }
  return (
    <>
      <Form.Item label={t('flow.designer.message.name')} extra={t('flow.designer.message.nameHint')}>
        <Input defaultValue={ref?.name ?? ''} onBlur={(e) => setName(e.target.value)} onPressEnter={(e) => setName(e.currentTarget.value)} data-testid="prop-message-name" />
      </Form.Item>
      {catches && (
        <Form.Item label={t('flow.designer.message.correlationKey')} extra={t('flow.designer.message.correlationKeyHint')}>
          <Input defaultValue={text(target.businessObject, 'onething:correlationKey')} onChange={(e) => update({ 'onething:correlationKey': e.target.value || undefined })} data-testid="prop-message-key" />
        </Form.Item>
      )}
    </>
  );
}

function RuleTask({ target, update }: { target: DiagramElement; update: (props: Record<string, unknown>) => void }) {
  const { t, i18n } = useTranslation();
  const [units, setUnits] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    let alive = true;
    flowApi.units().then((answer) => {
      if (alive) setUnits(answer.items.filter((u) => u.publishedVersion !== null).map((u) => ({ value: u.id, label: `${i18n.language.startsWith('zh') ? u.title.zh : u.title.en} (${u.id})` })));
    }).catch(() => setUnits([]));
    return () => { alive = false; };
  }, [i18n.language]);
  return (
    <>
      <Form.Item label={t('flow.designer.rule.unit')} extra={t('flow.designer.rule.unitHint')}>
        <Select showSearch allowClear defaultValue={text(target.businessObject, 'onething:decision') || undefined} options={units} optionFilterProp="label"
          onChange={(v?: string) => update({ 'onething:decision': v || undefined })} data-testid="prop-rule-unit" />
      </Form.Item>
      <Form.Item label={t('flow.designer.rule.resultVariable')} extra={t('flow.designer.rule.resultVariableHint')}>
        <Input defaultValue={text(target.businessObject, 'onething:resultVariable')} onChange={(e) => update({ 'onething:resultVariable': e.target.value || undefined })} data-testid="prop-rule-result" />
      </Form.Item>
    </>
  );
}

/** A call activity: the called process (any deployed key), its version ("latest" or a fixed one), and the variables passed in and back. */
function CallActivity({ target, update }: { target: DiagramElement; update: (props: Record<string, unknown>) => void }) {
  const { t } = useTranslation();
  const [processes, setProcesses] = useState<{ value: string; label: string }[]>([]);
  const [key, setKey] = useState(text(target.businessObject, 'calledElement'));
  const [versions, setVersions] = useState<number[]>([]);
  useEffect(() => {
    let alive = true;
    flowApi.definitions().then((answer) => {
      if (alive) setProcesses(answer.items.map((d) => ({ value: d.key, label: `${d.name ?? d.key} (${d.key})` })));
    }).catch(() => setProcesses([]));
    return () => { alive = false; };
  }, []);
  useEffect(() => {
    let alive = true;
    if (!key) setVersions([]);
    else flowApi.versions(key).then((answer) => { if (alive) setVersions(answer.items.map((v) => v.version)); }).catch(() => setVersions([]));
    return () => { alive = false; };
  }, [key]);
  const version = text(target.businessObject, 'onething:version') || 'latest';
  const list = (value: string) => value.split(',').map((x) => x.trim()).filter(Boolean).join(',') || undefined;
  return (
    <>
      <Form.Item label={t('flow.designer.call.process')} extra={t('flow.designer.call.processHint')}>
        <Select showSearch value={key || undefined} options={processes} optionFilterProp="label" data-testid="prop-call-process"
          onChange={(v: string) => { setKey(v); update({ calledElement: v, 'onething:version': undefined }); }} />
      </Form.Item>
      <Form.Item label={t('flow.designer.call.version')} extra={t('flow.designer.call.versionHint')}>
        <Select key={`${key}:${version}`} defaultValue={version} data-testid="prop-call-version"
          options={[{ value: 'latest', label: t('flow.designer.call.latest') }, ...versions.map((v) => ({ value: String(v), label: t('flow.designer.call.fixed', { version: v }) }))]}
          onChange={(v: string) => update({ 'onething:version': v === 'latest' ? undefined : v })} />
      </Form.Item>
      <Form.Item label={t('flow.designer.call.inputs')} extra={t('flow.designer.call.inputsHint')}>
        <Input defaultValue={text(target.businessObject, 'onething:inputs')} onChange={(e) => update({ 'onething:inputs': list(e.target.value) })} data-testid="prop-call-inputs" />
      </Form.Item>
      <Form.Item label={t('flow.designer.call.outputs')} extra={t('flow.designer.call.outputsHint')}>
        <Input defaultValue={text(target.businessObject, 'onething:outputs')} onChange={(e) => update({ 'onething:outputs': list(e.target.value) })} data-testid="prop-call-outputs" />
      </Form.Item>
    </>
  );
}

/**
 * An error event's code: an error end event throws it, an error boundary event catches it (empty: any error).
 * The code lives on a bpmn:error of the definitions, shared by every event that names the same code.
 */
function ErrorCode({ target, definition, diagram }: { target: DiagramElement; definition: Moddle; diagram: Diagram }) {
  const { t } = useTranslation();
  const ref = definition.get('errorRef') as Moddle | undefined;
  const catches = target.type === 'bpmn:BoundaryEvent';
  function setCode(value: string) {
    const code = value.trim();
    const modeling = diagram.get('modeling');
    if (!code) return modeling.updateModdleProperties(target, definition, { errorRef: undefined });
    const moddle = diagram.get('moddle');
    const definitions = definitionsOf(target.businessObject as unknown as Moddle);
    if (!definitions) return;
    const roots = definitions.get('rootElements') as Moddle[];
    let error = roots.find((r) => r.$type === 'bpmn:Error' && r.get('errorCode') === code);
    if (!error) {
      const id = moddle.ids?.nextPrefixed('Error_') ?? `Error_${Date.now().toString(36)}`;
      error = moddle.create('bpmn:Error', { id, name: code, errorCode: code }) as Moddle;
      error.$parent = definitions;
      roots.push(error);
    }
    modeling.updateModdleProperties(target, definition, { errorRef: error });
  }
  return (
    <Form.Item label={t('flow.designer.error.code')} extra={t(catches ? 'flow.designer.error.catchHint' : 'flow.designer.error.throwHint')}>
      <Input defaultValue={ref ? text(ref, 'errorCode') || text(ref, 'id') : ''} onBlur={(e) => setCode(e.target.value)} onPressEnter={(e) => setCode(e.currentTarget.value)} data-testid="prop-error-code" />
    </Form.Item>
  );
}
