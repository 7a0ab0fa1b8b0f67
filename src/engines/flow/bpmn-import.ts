import { AppError } from '../../kernel/errors.ts';
import { createModdle, type ModdleElement } from './bpmn-schema.ts';
import { checkVendorDataMapping, noteUnreadVendorTiming, readVendorAssignment, readVendorAsync, readVendorCall, readVendorDecision, readVendorDueDate, readVendorFormKey, readVendorHandler, readVendorInitiator, readVendorLoop } from './bpmn-vendor.ts';
import type { Expr, Template } from './expression.ts';
import type { CompiledProcess, FlowEdge, FlowNode, NodeKind } from './model.ts';
import { endlessCycles } from './endless.ts';
import { unreachableNodes } from './reach.ts';
import { lineFinder, nameUnnamed, xmlProblem } from './bpmn-lines.ts';
import { conditionText, ValueReader } from './bpmn-values.ts';

/** One element the importer cannot run, with where it is. */
export interface BpmnProblem {
  id: string;
  type: string;
  line: number;
  message: string;
}

/** Thrown when a BPMN file cannot be imported; `problems` lists every offending element. */
export class BpmnImportError extends AppError {
  readonly problems: BpmnProblem[];
  constructor(problems: BpmnProblem[]) {
    super('flow.import.invalid', `BPMN import failed: ${problems.map((p) => `${p.type} ${p.id} (line ${p.line}): ${p.message}`).join('; ')}`, { problems });
    this.name = 'BpmnImportError';
    this.problems = problems;
  }
}

// Kept and ignored: no behaviour (BPMN 2.0 §7.2 artifacts, data, and structure).
const IGNORED = new Set([
  'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference', 'bpmn:TextAnnotation',
  'bpmn:Association', 'bpmn:Group', 'bpmn:DataInputAssociation', 'bpmn:DataOutputAssociation',
]);
const PASS = new Set(['bpmn:Task', 'bpmn:ManualTask']);


/** Parses BPMN 2.0 XML and compiles its executable process; throws BpmnImportError listing every problem. */
export async function importBpmn(xml: string, options: { processId?: string } = {}): Promise<CompiledProcess> {
  const { process, problems } = await checkBpmn(xml, options);
  if (!process || problems.length > 0) throw new BpmnImportError(problems);
  return process;
}

/** Like importBpmn, but returns the problems instead of throwing (for `flow check`). */
export async function checkBpmn(xml: string, options: { processId?: string } = {}): Promise<{ process?: CompiledProcess; problems: BpmnProblem[]; notes?: BpmnProblem[] }> {
  const byId = lineFinder(xml);
  const problems: BpmnProblem[] = [];
  // What an unresolved reference said (moddle leaves the property unset): element → property → the id it named.
  const unresolved = new Map<ModdleElement, Record<string, string>>();
  let root: ModdleElement;
  try {
    const parsed = await createModdle().fromXML(xml);
    root = parsed.rootElement;
    for (const w of parsed.warnings as Array<{ message: string; element?: ModdleElement; property?: string; value?: string }>) {
      const dup = /duplicate ID <([^>]+)>/i.exec(w.message);
      if (dup) problems.push({ id: dup[1], type: w.element?.$type ?? 'element', line: byId(dup[1]), message: 'the id is used twice' });
      else if (w.element && w.property && w.value !== undefined && /unresolved reference/i.test(w.message)) {
        const refs = unresolved.get(w.element) ?? {};
        refs[w.property.replace(/^bpmn:/, '')] = w.value;
        unresolved.set(w.element, refs);
      }
    }
  } catch (err) {
    return { problems: [{ id: '', type: 'xml', ...xmlProblem(xml, (err as Error).message) }] };
  }
  if (root.$type !== 'bpmn:Definitions') return { problems: [{ id: root.id ?? '', type: root.$type, line: 1, message: 'the root element must be bpmn:definitions' }] };
  const unnamed = nameUnnamed(root, xml);
  // Unnamed elements by the id given them (a process without one by the process), the rest by their own id.
  const lineOf = (id: string | ModdleElement | undefined) => (id && unnamed.get(id)) || (typeof id === 'string' ? byId(id) : 0);
  const processes = (root.rootElements ?? []).filter((e: ModdleElement) => e.$type === 'bpmn:Process') as ModdleElement[];
  if (options.processId) {
    const named = processes.filter((p) => p.id === options.processId);
    if (named.length !== 1) return { problems: [{ id: root.id ?? '', type: 'bpmn:Definitions', line: 1, message: `no process with id "${options.processId}"` }] };
    return compileProcess(named[0], problems, lineOf, unresolved);
  }
  // One process runs per file: the one marked isExecutable, else the only one with flow elements, since modelers
  // write a process for every pool of a collaboration, also for empty (black-box) pools.
  const executable = processes.filter((p) => p.isExecutable);
  const drawn = processes.filter((p) => (p.flowElements ?? []).length > 0);
  const chosen = processes.length === 1 ? processes : executable.length === 1 ? executable : executable.length === 0 && drawn.length === 1 ? drawn : [];
  if (chosen.length === 1) return compileProcess(chosen[0], problems, lineOf, unresolved);
  const candidates = executable.length > 1 ? executable : drawn;
  if (candidates.length === 0) return { problems: [{ id: root.id ?? '', type: 'bpmn:Definitions', line: 1, message: 'the file has no process' }] };
  const why = executable.length > 1
    ? `${executable.length} processes are marked isExecutable="true"`
    : `${drawn.length} processes have flow elements and none is marked isExecutable="true"`;
  return {
    problems: candidates.map((p) => ({ id: p.id, type: p.$type, line: lineOf(p.id), message: `${why}; the engine runs one process per file: mark only the one to run isExecutable="true"` })),
  };
}

/** A process compiled, with its problems and, when it has none, notes: vendor settings left unread, elements that never run. */
function compileProcess(proc: ModdleElement, problems: BpmnProblem[], lineOf: (id: string | ModdleElement | undefined) => number, unresolved: Map<ModdleElement, Record<string, string>>): { process?: CompiledProcess; problems: BpmnProblem[]; notes?: BpmnProblem[] } {
  if (!proc.id) return { problems: [...problems, { id: '', type: proc.$type, line: lineOf(proc), message: 'the process needs an id: it is the key it is started and versioned by' }] };
  const notes: BpmnProblem[] = [];
  const at = (el: ModdleElement, message: string) => ({ id: el.id ?? '', type: el.$type, line: lineOf(el.id), message });
  const compiler = new Compiler(proc, (el, message) => problems.push(at(el, message)), unresolved, (el, message) => notes.push(at(el, message)));
  const process = compiler.compile();
  if (problems.length > 0) return { process, problems };
  for (const id of unreachableNodes(process)) notes.push({ id, type: process.nodes[id].type, line: lineOf(id), message: 'no path from a start event reaches it: it never runs' });
  return { process, problems, notes };
}

/**
 * Subprocesses within subprocesses, and lanes within lanes, the engine reads: a file nesting deeper is refused at
 * the element past the limit (3,000 levels overflowed the stack of this reader, and the runtime and export recurse
 * over scopes too). Drawn processes nest a handful of levels.
 */
export const MAX_NESTING = 100;

class Compiler {
  /** Subprocesses (or lanes) the reader is inside. */
  private depth = 0;
  private readonly nodes: Record<string, FlowNode> = {};
  private readonly flows: Record<string, FlowEdge> = {};
  private readonly laneRoles = new Map<string, string>();
  private readonly messageStarts: Record<string, string> = {};
  /** Elements already reported as unsupported: flows and boundary events that merely refer to them are not reported again. */
  private readonly rejected = new Set<string>();
  /** Durations, timers, conditions, templates and forms of elements (bpmn-values.ts). */
  private readonly values = new ValueReader((el, message) => this.report(el, message));

  constructor(
    private readonly proc: ModdleElement,
    private readonly sink: (el: ModdleElement, message: string) => void,
    private readonly unresolved: Map<ModdleElement, Record<string, string>> = new Map(),
    /** What imports but is not read or never runs: said, not refused. */
    private readonly note: (el: ModdleElement, message: string) => void = () => {},
  ) {}

  /** Problems reported so far: a setting found but rejected is not reported again as missing. */
  private problemCount = 0;
  private report(el: ModdleElement, message: string): void {
    this.problemCount++;
    this.sink(el, message);
  }

  compile(): CompiledProcess {
    for (const set of this.proc.laneSets ?? []) this.readLanes(set.lanes ?? []);
    const startNodeId = this.readScope(this.proc, null);
    for (const f of Object.values(this.flows)) {
      if (this.nodes[f.source]) this.nodes[f.source].outgoing.push(f.id);
      else if (!this.rejected.has(f.source)) this.reportId(f.id, this.danglingEnd('sourceRef', f.id, f.source));
      if (this.nodes[f.target]) this.nodes[f.target].incoming.push(f.id);
      else if (!this.rejected.has(f.target)) this.reportId(f.id, this.danglingEnd('targetRef', f.id, f.target));
    }
    for (const n of Object.values(this.nodes)) this.checkNode(n);
    for (const cycle of endlessCycles({ nodes: this.nodes, flows: this.flows })) {
      this.report(this.flowElements.get(cycle[0])!, `endless cycle ${[...cycle, cycle[0]].join(' → ')}: a token reaching it goes round whatever the variables, with no task, timer or message to wait at (give a flow out of it a condition, or put a task on it)`);
    }
    const gatewayStart = this.instantiatingGateway(startNodeId);
    if (!startNodeId && !gatewayStart && Object.keys(this.messageStarts).length === 0 && !this.hasRejectedStart(this.proc))
      this.report(this.proc, 'the process needs a none or message start event');
    return {
      key: this.proc.id,
      name: this.proc.name,
      nodes: this.nodes,
      flows: this.flows,
      startNodeId: startNodeId ?? gatewayStart,
      messageStarts: this.messageStarts,
      timeLimit: this.values.duration(this.proc, this.proc.timeLimit),
      ...(this.proc.warnAt ? { warnAt: this.processWarnAt() } : {}),
    };
  }

  /**
   * The process's instantiating event-based gateway, if any: `start()` enters it (the instance waits for
   * its first event), and each message it waits for starts an instance when no instance waits for it.
   */
  private instantiatingGateway(noneStart: string | undefined): string | undefined {
    const gateways = Object.values(this.nodes).filter((n) => n.instantiate);
    for (const g of gateways.slice(1)) this.report(this.flowElements.get(g.id)!, 'a process can have only one instantiating event-based gateway');
    const g = gateways[0];
    if (!g) return undefined;
    const el = this.flowElements.get(g.id)!;
    if (noneStart) this.report(el, `a process with an instantiating event-based gateway cannot also have a none start event ("${noneStart}")`);
    if (g.incoming.length) this.report(el, 'an instantiating event-based gateway has no incoming flows');
    for (const flowId of g.outgoing) {
      const target = this.nodes[this.flows[flowId]?.target];
      if (target?.kind !== 'messageCatch' || !target.message?.name) continue;
      if (this.messageStarts[target.message.name]) this.report(el, `message "${target.message.name}" already starts the process at "${this.messageStarts[target.message.name]}"`);
      else this.messageStarts[target.message.name] = target.id;
    }
    return g.id;
  }

  /** Why a flow's end is not a node: it names nothing, an element of another scope or kind, or nothing at all. */
  private danglingEnd(property: 'sourceRef' | 'targetRef', flowId: string, id: string | undefined): string {
    const named = id ?? this.unresolved.get(this.flowElements.get(flowId)!)?.[property];
    if (named === undefined) return `needs a ${property}`;
    if (id === undefined) return `${property} "${named}" names no element of the file`;
    return `${property} "${named}" is not an executable node`;
  }

  /** True when a start event of this scope was already reported (so its missing start is not reported again). */
  private hasRejectedStart(container: ModdleElement): boolean {
    return (container.flowElements ?? []).some((e: ModdleElement) => e.$type === 'bpmn:StartEvent' && this.rejected.has(e.id));
  }

  /** The reference `property` of `el` did not resolve (a broken reference): reported, with the id it named. */
  private brokenRef(el: ModdleElement, holder: ModdleElement, property: string, kind: string): boolean {
    const named = this.unresolved.get(holder)?.[property];
    if (named === undefined) return false;
    this.report(el, `${property} "${named}" names no ${kind} of the file`);
    return true;
  }

  private processWarnAt(): number {
    const share = Number(this.proc.warnAt);
    if (!(share > 0 && share <= 1)) this.report(this.proc, 'onething:warnAt must be a share between 0 and 1');
    return share;
  }

  private flowElements = new Map<string, ModdleElement>();
  private reportId(id: string, message: string) {
    this.report(this.flowElements.get(id) ?? { $type: 'bpmn:SequenceFlow', id }, message);
  }

  private readLanes(lanes: ModdleElement[], depth = 0) {
    for (const lane of lanes) {
      if (depth >= MAX_NESTING) {
        this.report(lane, `lanes nested more than ${MAX_NESTING} deep are not supported`);
        continue;
      }
      const role = lane.candidateRole ?? lane.name;
      for (const ref of lane.flowNodeRef ?? []) if (role) this.laneRoles.set(ref.id, role);
      if (lane.childLaneSet) this.readLanes(lane.childLaneSet.lanes ?? [], depth + 1);
    }
  }

  /** Reads a process or subprocess body; returns its none start event id. */
  private readScope(container: ModdleElement, scope: string | null): string | undefined {
    let start: string | undefined;
    for (const el of container.flowElements ?? []) {
      this.flowElements.set(el.id, el);
      if (el.$type === 'bpmn:SequenceFlow') {
        const flow: FlowEdge = { id: el.id, source: el.sourceRef?.id, target: el.targetRef?.id };
        if (el.conditionExpression) flow.condition = this.values.condition(el, el.conditionExpression);
        this.flows[el.id] = flow;
        continue;
      }
      if (IGNORED.has(el.$type)) continue;
      const node = this.readNode(el, scope);
      if (!node) continue;
      this.nodes[node.id] = node;
      if (node.kind === 'startEvent' && !node.message) {
        if (start) this.report(el, 'a scope may have only one none start event');
        start = node.id;
      }
      if (node.kind === 'startEvent' && node.message) {
        if (scope) this.report(el, 'message start events are supported at the process level only');
        else this.messageStarts[node.message.name] = node.id;
      }
    }
    for (const el of container.artifacts ?? []) if (!IGNORED.has(el.$type)) this.report(el, 'unsupported artifact');
    return start;
  }

  private readNode(el: ModdleElement, scope: string | null): FlowNode | undefined {
    const base = (kind: NodeKind): FlowNode => ({ id: el.id, kind, type: el.$type, name: el.name, scope, incoming: [], outgoing: [], boundaries: [] });
    // BPMN 2.0 §10.4.5: an event may define its trigger inline or refer to a definition at the top level.
    const defs: ModdleElement[] = [...(el.eventDefinitions ?? []), ...(el.eventDefinitionRef ?? [])];
    const def = defs[0];
    if (defs.length > 1) return this.unsupported(el, 'events with several event definitions are not supported');
    let node: FlowNode | undefined;
    switch (el.$type) {
      case 'bpmn:StartEvent': {
        node = base('startEvent');
        const initiator = readVendorInitiator(el, (m) => this.report(el, m));
        if (initiator) node.initiator = initiator;
        if (def?.$type === 'bpmn:MessageEventDefinition') node.message = this.message(el, def);
        else if (def) return this.unsupported(el, `start event with ${def.$type}`);
        break;
      }
      case 'bpmn:EndEvent':
        node = base('endEvent');
        if (def?.$type === 'bpmn:TerminateEventDefinition') node.terminate = true;
        else if (def?.$type === 'bpmn:ErrorEventDefinition') {
          this.brokenRef(el, def, 'errorRef', 'bpmn:error');
          node.errorCode = def.errorRef?.errorCode ?? def.errorRef?.id ?? 'error';
        }
        else if (def?.$type === 'bpmn:MessageEventDefinition') {
          node.message = this.message(el, def);
          const handler = this.handler(el);
          if (handler) node = { ...node, kind: 'serviceTask', handler, outgoing: [] };
        } else if (def) return this.unsupported(el, `end event with ${def.$type}`);
        break;
      case 'bpmn:IntermediateThrowEvent':
        if (!def) node = base('passTask');
        else if (def.$type === 'bpmn:MessageEventDefinition') {
          const handler = this.handler(el);
          node = handler ? { ...base('serviceTask'), handler } : base('passTask');
          node.message = this.message(el, def);
        } else return this.unsupported(el, `throw event with ${def.$type}`);
        break;
      case 'bpmn:IntermediateCatchEvent':
        if (def?.$type === 'bpmn:TimerEventDefinition') node = { ...base('timerCatch'), timer: this.values.timer(el, def) };
        else if (def?.$type === 'bpmn:MessageEventDefinition') node = { ...base('messageCatch'), message: this.message(el, def) };
        else return this.unsupported(el, `catch event with ${def?.$type ?? 'no definition'}`);
        break;
      case 'bpmn:BoundaryEvent': {
        const attachedTo = el.attachedToRef?.id;
        const interrupting = el.cancelActivity !== false;
        node = base('boundaryEvent');
        if (def?.$type === 'bpmn:TimerEventDefinition') {
          node.timer = this.values.timer(el, def);
          node.boundary = { attachedTo, interrupting, type: 'timer' };
        } else if (def?.$type === 'bpmn:MessageEventDefinition') {
          node.message = this.message(el, def);
          node.boundary = { attachedTo, interrupting, type: 'message' };
        } else if (def?.$type === 'bpmn:ErrorEventDefinition') {
          this.brokenRef(el, def, 'errorRef', 'bpmn:error');
          node.errorCode = def.errorRef?.errorCode ?? undefined;
          node.boundary = { attachedTo, interrupting: true, type: 'error' };
        } else return this.unsupported(el, `boundary event with ${def?.$type ?? 'no definition'}`);
        break;
      }
      case 'bpmn:UserTask': {
        node = base('userTask');
        // Ours first, then the standard's and vendors' (readVendorAssignment), then the lane's role.
        const vendor = readVendorAssignment(el, (m) => this.report(el, m), { roles: el.candidateRole !== undefined, assignee: el.assignee !== undefined });
        const roles = el.candidateRole ?? (vendor.roles.length ? vendor.roles.join(',') : this.laneRoles.get(el.id));
        const assignee = el.assignee ?? vendor.assignee;
        node.userTask = {
          candidateRoles: String(roles ?? '').split(',').map((s) => s.trim()).filter(Boolean),
          candidateOrg: el.candidateOrg ? this.values.template(el, el.candidateOrg) : undefined,
          assignee: assignee ? this.values.template(el, assignee) : undefined,
          formKey: el.formKey ?? readVendorFormKey(el, (m) => this.note(el, m)),
          form: this.values.form(el),
          timeLimit: this.values.duration(el, el.timeLimit ?? readVendorDueDate(el, (m) => this.note(el, m))),
          warnAt: el.warnAt ? Number(el.warnAt) : 0.8,
        };
        if (!(node.userTask.warnAt > 0 && node.userTask.warnAt <= 1)) this.report(el, 'onething:warnAt must be a share between 0 and 1');
        break;
      }
      case 'bpmn:ServiceTask':
      case 'bpmn:SendTask': {
        const count = this.problemCount;
        const handler = this.handler(el);
        if (!handler && count === this.problemCount)
          this.report(el, 'needs onething:handler naming a registered handler (or camunda:type="external" with camunda:topic, or zeebe:taskDefinition type)');
        node = { ...base('serviceTask'), handler };
        break;
      }
      case 'bpmn:BusinessRuleTask': {
        const count = this.problemCount;
        const vendor = el.decision ? {} : readVendorDecision(el, (m) => this.report(el, m));
        const decision = el.decision ?? vendor.decision;
        if (!decision && count === this.problemCount)
          this.report(el, 'needs onething:decision naming the decision to evaluate (or zeebe:calledDecision decisionId, or camunda:decisionRef)');
        if (!el.decision && vendor.decision) checkVendorDataMapping(el, (m) => this.report(el, m), 'remove the mapping; the rules evaluator sees every variable');
        node = { ...base('businessRuleTask'), decision, resultVariable: el.resultVariable ?? vendor.resultVariable };
        break;
      }
      case 'bpmn:ReceiveTask':
        node = { ...base('messageCatch'), message: this.message(el, el) };
        break;
      case 'bpmn:ExclusiveGateway':
      case 'bpmn:ParallelGateway':
      case 'bpmn:InclusiveGateway':
        node = base(el.$type === 'bpmn:ExclusiveGateway' ? 'exclusiveGateway' : el.$type === 'bpmn:ParallelGateway' ? 'parallelGateway' : 'inclusiveGateway');
        if (el.default) node.defaultFlow = el.default.id;
        break;
      case 'bpmn:EventBasedGateway':
        node = base('eventGateway');
        if (el.instantiate) {
          // BPMN 2.0 §10.5.6: an instantiating gateway has no incoming flow and starts the process; only the exclusive kind runs.
          if (el.eventGatewayType === 'Parallel') return this.unsupported(el, 'parallel instantiating event-based gateways are not supported (use eventGatewayType="Exclusive")');
          if (scope) this.report(el, 'instantiating event-based gateways are supported at the process level only');
          node.instantiate = true;
        }
        break;
      case 'bpmn:SubProcess':
        if (el.triggeredByEvent) return this.unsupported(el, 'event subprocesses are not supported');
        if (this.depth >= MAX_NESTING) return this.unsupported(el, `subprocesses nested more than ${MAX_NESTING} deep are not supported`);
        node = base('subProcess');
        this.depth++;
        node.startNodeId = this.readScope(el, el.id);
        this.depth--;
        if (!node.startNodeId && !this.hasRejectedStart(el)) this.report(el, 'a subprocess needs a none start event');
        break;
      case 'bpmn:CallActivity': {
        const count = this.problemCount;
        const vendor = readVendorCall(el, (m) => this.report(el, m), { key: Boolean(el.calledElement), version: Boolean(el.version), inputs: el.inputs !== undefined, outputs: el.outputs !== undefined });
        const key = el.calledElement || vendor.key;
        if (!key && count === this.problemCount) this.report(el, 'needs calledElement naming the process key (or zeebe:calledElement processId)');
        if (!el.calledElement && vendor.key) checkVendorDataMapping(el, (m) => this.report(el, m), 'use onething:inputs / onething:outputs to limit them');
        const version = !el.version ? vendor.version ?? 'latest' : el.version === 'latest' ? 'latest' : Number(el.version);
        if (version !== 'latest' && !(Number.isInteger(version) && version > 0)) this.report(el, 'onething:version must be "latest" or a positive integer');
        // Absent: the default (all, or what vendor settings say); written empty (`onething:inputs=""`): none.
        const list = (s?: string) => (s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter(Boolean));
        node = { ...base('callActivity'), call: { key, version, inputs: list(el.inputs) ?? vendor.inputs, outputs: list(el.outputs) ?? vendor.outputs } };
        break;
      }
      default:
        if (PASS.has(el.$type)) node = base('passTask');
        else return this.unsupported(el, 'this element has behaviour the engine does not support');
    }
    if (el.default && !node.defaultFlow) node.defaultFlow = el.default.id;
    if (el.async !== undefined) {
      if (el.async !== 'true' && el.async !== 'false') this.report(el, 'onething:async must be "true" or "false"');
      else if (node.kind !== 'serviceTask' && node.kind !== 'businessRuleTask') this.report(el, 'onething:async applies to service, send and business-rule tasks only');
      else if (el.async === 'true') node.async = true;
    } else if ((node.kind === 'serviceTask' || node.kind === 'businessRuleTask') && readVendorAsync(el)) node.async = true;
    noteUnreadVendorTiming(el, (m) => this.note(el, m));
    this.readLoop(el, node);
    return node;
  }

  private readLoop(el: ModdleElement, node: FlowNode) {
    const loop = el.loopCharacteristics;
    if (!loop) return;
    if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
      this.report(el, `${loop.$type} is not supported (use multi-instance over a collection)`);
      return;
    }
    // With onething:collection the loop is ours: its vendor settings are neither read nor checked.
    const vendor = loop.collection === undefined ? readVendorLoop(loop, (m) => this.report(el, m)) : {};
    const collection = loop.collection ?? (vendor.collection === undefined ? undefined : conditionText(vendor.collection));
    const cardinality = this.loopCardinality(el, loop);
    // Camunda 8 runs one instance per element of inputCollection whatever loopCardinality says; the engine would not.
    if (cardinality && loop.collection === undefined && vendor.zeebe)
      this.report(el, 'loopCardinality with zeebe:loopCharacteristics: Camunda 8 runs one instance per element of inputCollection, this engine would run loopCardinality instances; remove loopCardinality');
    const dataInput = loop.inputDataItem !== undefined || loop.loopDataInputRef !== undefined || this.unresolved.get(loop)?.loopDataInputRef !== undefined;
    if (!collection && !cardinality && dataInput)
      this.report(el, 'multi-instance over loopDataInputRef / inputDataItem is not supported: name the list with onething:collection (or camunda:collection) and its element with onething:elementVariable, or give a loopCardinality');
    else if (!collection && !cardinality)
      this.report(el, 'multi-instance needs onething:collection (or camunda:collection, or zeebe:loopCharacteristics inputCollection) or a loopCardinality');
    // Standard data outputs would be ignored: gathering results needs the list named (as a data input is).
    const dataOutput = loop.outputDataItem !== undefined || loop.loopDataOutputRef !== undefined || this.unresolved.get(loop)?.loopDataOutputRef !== undefined;
    if (dataOutput && (loop.outputCollection ?? vendor.outputCollection) === undefined)
      this.report(el, 'multi-instance output through loopDataOutputRef / outputDataItem is not supported: name the list to gather into with onething:outputCollection and the variable gathered with onething:outputElement');
    const completion = loop.completionCondition?.body ?? '';
    // Camunda 8 counts with numberOf…Instances; the engine's counters are nrOfInstances and nrOfCompletedInstances.
    if (/\bnumberOf\w*Instances\b/.test(completion)) this.report(el, `completionCondition "${completion}": write nrOfInstances and nrOfCompletedInstances (Camunda 8's numberOf… counters are not set here)`);
    node.multiInstance = {
      sequential: loop.isSequential === true,
      ...(collection || !cardinality ? { collection: this.values.expr(el, collection ?? 'null') } : {}),
      ...(cardinality ? { cardinality } : {}),
      elementVariable: loop.elementVariable ?? vendor.elementVariable ?? 'item',
      outputCollection: loop.outputCollection ?? vendor.outputCollection,
      outputElement: loop.outputElement ?? vendor.outputElement,
      completionCondition: loop.completionCondition ? this.values.expr(el, conditionText(completion)) : undefined,
    };
  }

  /**
   * A multi-instance `loopCardinality` (BPMN 2.0 §10.2.8): a number, or an expression written `${n}`, `#{n}` or
   * FEEL `=n`. A literal is checked here; an expression is checked when the loop starts.
   */
  private loopCardinality(el: ModdleElement, loop: ModdleElement): Expr | undefined {
    if (!loop.loopCardinality) return undefined;
    const body = String(loop.loopCardinality.body ?? '').trim();
    if (!body) {
      this.report(el, 'loopCardinality is empty: write the number of instances (3, or an expression such as ${n})');
      return undefined;
    }
    const e = this.values.condition(el, loop.loopCardinality, { many: 'loop cardinalities', one: 'the cardinality' });
    if (e.t === 'lit' && e.v !== null && !(typeof e.v === 'number' && Number.isSafeInteger(e.v) && e.v >= 0))
      this.report(el, `loopCardinality "${body}" must be a non-negative integer`);
    return e;
  }

  private checkNode(n: FlowNode) {
    const el = this.flowElements.get(n.id)!;
    if (n.kind === 'boundaryEvent') {
      const host = this.nodes[n.boundary!.attachedTo];
      if (host) host.boundaries.push(n.id);
      else if (!this.rejected.has(n.boundary!.attachedTo)) this.report(el, 'attachedToRef must name an activity of the process');
      if (n.timer?.limitShare !== undefined && !host?.userTask?.timeLimit) this.report(el, 'onething:limitShare needs a user task with onething:timeLimit');
      if (n.incoming.length) this.report(el, 'boundary events have no incoming flows');
    }
    if (n.kind.endsWith('Gateway') && n.outgoing.length === 0) this.report(el, 'a gateway needs an outgoing flow');
    if (n.kind === 'eventGateway') {
      for (const flowId of n.outgoing) {
        const target = this.nodes[this.flows[flowId]?.target];
        if (this.flows[flowId]?.condition) this.report(el, `flow "${flowId}" out of an event-based gateway cannot have a condition`);
        if (!target) continue;
        if ((target.kind !== 'timerCatch' && target.kind !== 'messageCatch') || target.multiInstance || target.boundaries.length > 0)
          this.report(el, `"${target.id}" follows an event-based gateway, so it must be a timer or message catch event or a receive task`);
        else if (target.incoming.length !== 1) this.report(el, `"${target.id}" follows an event-based gateway and can have no other incoming flow`);
      }
    }
    if (n.kind === 'startEvent' && n.incoming.length) this.report(el, 'start events have no incoming flows');
    if (n.defaultFlow && !n.outgoing.includes(n.defaultFlow)) this.report(el, `default flow "${n.defaultFlow}" is not one of its outgoing flows`);
  }

  /**
   * The handler a service or send task or message throw event names: onething:handler, else a vendor's
   * (readVendorHandler); a vendor-named handler's data mappings, which the engine does not apply, are reported.
   */
  private handler(el: ModdleElement): string | undefined {
    if (el.handler) return el.handler;
    const report = (m: string) => this.report(el, m);
    const handler = readVendorHandler(el, report);
    if (handler) checkVendorDataMapping(el, report, 'remove the mapping, or map in the handler');
    return handler;
  }

  private unsupported(el: ModdleElement, message: string): undefined {
    this.rejected.add(el.id);
    this.report(el, message);
    return undefined;
  }

  private message(el: ModdleElement, def: ModdleElement): { name: string; correlationKey?: Template } {
    const name = def.messageRef?.name ?? def.messageRef?.id;
    if (!name && !this.brokenRef(el, def, 'messageRef', 'bpmn:message')) this.report(el, 'needs a messageRef naming a bpmn:message');
    return { name: name ?? '', correlationKey: el.correlationKey ? this.values.template(el, el.correlationKey) : undefined };
  }
}
