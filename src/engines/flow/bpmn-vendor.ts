import type { ModdleElement } from './bpmn-schema.ts';
import { parseDuration } from './time.ts';

/**
 * Namespaces of the modelers whose settings the importer reads as its own where they mean the same
 * (docs/flow.md, "Vendor settings"). Matched by URI, whatever prefix a file binds them to.
 */
export const VENDOR_NS = {
  camunda: 'http://camunda.org/schema/1.0/bpmn',
  zeebe: 'http://camunda.org/schema/zeebe/1.0',
  flowable: 'http://flowable.org/bpmn',
  activiti: 'http://activiti.org/bpmn',
} as const;

/** Camunda 7, Flowable and Activiti: the engines whose attributes share names (`…:candidateGroups`, `…:class`). */
const JAVA_VENDORS = [VENDOR_NS.camunda, VENDOR_NS.flowable, VENDOR_NS.activiti];

/** A vendor attribute: its value and its name as the file wrote it (for messages). */
export interface VendorAttr {
  value: string;
  name: string;
  uri: string;
}

/** The namespace URI `prefix` is bound to where `el` sits (xmlns declarations of it and its ancestors). */
function namespaceOf(el: ModdleElement | undefined, prefix: string): string | undefined {
  for (let e = el; e; e = e.$parent) {
    const uri = e.$attrs?.[`xmlns:${prefix}`] ?? (e.$descriptor?.isGeneric ? e[`xmlns:${prefix}`] : undefined);
    if (uri) return uri;
  }
  return undefined;
}

/**
 * The attribute `local` of `el` in one of the namespaces `uris`. bpmn-moddle keeps attributes of namespaces it
 * does not know in `$attrs` under the prefix as written, so the prefix is resolved through the xmlns declarations.
 *
 * @example vendorAttr(task, 'topic', [VENDOR_NS.camunda]) // { value: 'charge', name: 'camunda:topic', uri: … }
 */
export function vendorAttr(el: ModdleElement, local: string, uris: readonly string[]): VendorAttr | undefined {
  for (const [name, value] of Object.entries(el.$attrs ?? {})) {
    const colon = name.indexOf(':');
    if (colon < 0 || name.slice(colon + 1) !== local || name.startsWith('xmlns:')) continue;
    const uri = namespaceOf(el, name.slice(0, colon));
    if (uri && uris.includes(uri)) return { value: String(value), name, uri };
  }
  return undefined;
}

/** The extension element `local` of namespace `uri` in `el`'s extensionElements (a generic moddle element), if any. */
export function vendorElement(el: ModdleElement, uri: string, local: string): ModdleElement | undefined {
  return (el.extensionElements?.values ?? []).find((v: ModdleElement) => v.$descriptor?.ns?.uri === uri && v.$descriptor?.ns?.localName === local);
}

/** The extension elements `local` of namespace `uri` in `el`'s extensionElements, in document order. */
function vendorElements(el: ModdleElement, uri: string, local: string): ModdleElement[] {
  return (el.extensionElements?.values ?? []).filter((v: ModdleElement) => v.$descriptor?.ns?.uri === uri && v.$descriptor?.ns?.localName === local);
}

/** Camunda Modeler's own namespace: `modeler:executionPlatform` says which engine a file is drawn for. */
const MODELER_NS = 'http://camunda.org/schema/modeler/1.0';

/** True when the file `el` sits in says it is drawn for Camunda 7 (`modeler:executionPlatform="Camunda Platform"`). */
function isCamunda7File(el: ModdleElement): boolean {
  let root = el;
  while (root.$parent) root = root.$parent;
  return vendorAttr(root, 'executionPlatform', [MODELER_NS])?.value.trim() === 'Camunda Platform';
}

/** True when `el` has an attribute or an extension element of namespace `uri`. */
function hasVendorSetting(el: ModdleElement, uri: string): boolean {
  const attr = Object.keys(el.$attrs ?? {}).some((name) => {
    const colon = name.indexOf(':');
    return colon > 0 && !name.startsWith('xmlns:') && namespaceOf(el, name.slice(0, colon)) === uri;
  });
  return attr || (el.extensionElements?.values ?? []).some((v: ModdleElement) => v.$descriptor?.ns?.uri === uri);
}

/** The prefix a vendor's settings are usually written with, for messages that say what to write. */
function vendorPrefix(uri: string): string {
  return (Object.keys(VENDOR_NS) as Array<keyof typeof VENDOR_NS>).find((k) => VENDOR_NS[k] === uri) ?? uri;
}

type Report = (message: string) => void;

/**
 * JUEL `${…}` / `#{…}`, FEEL `=…`, or a placeholder such as Flowable Modeler's `$INITIATOR`: a value the vendor's
 * engine computes.
 */
const isExpression = (text: string) => /\$|#\{/.test(text) || text.trim().startsWith('=');
/** A variable path such as `employee.id`, written `${…}`, `#{…}` or FEEL `=…`: the engine renders it as a template. */
const VARIABLE_REF = /^(?:[$#]\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\}|=\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*))$/;
/** Roots of such a path that are Camunda's and Flowable's built-in objects or literals, not variables. */
const BUILT_INS = new Set(['execution', 'task', 'authenticatedUserId', 'true', 'false', 'null']);

/** Code the engine cannot run: Java classes and beans (JUEL resolves `delegateExpression` and `expression` to them). */
function javaBinding(el: ModdleElement): VendorAttr | undefined {
  for (const local of ['class', 'delegateExpression', 'expression']) {
    const found = vendorAttr(el, local, JAVA_VENDORS);
    if (found) return found;
  }
  return undefined;
}

/**
 * The handler a service or send task (or message throw event) names in a vendor's way: Camunda 7's external
 * task topic, Flowable's external worker topic, Camunda 8's job type. Settings that name Java code, a built-in
 * task type or a FEEL-computed job type are reported. Undefined when the element names none.
 *
 * @example readVendorHandler(task, report) // 'charge' for camunda:type="external" camunda:topic="charge"
 */
export function readVendorHandler(el: ModdleElement, report: Report): string | undefined {
  const java = javaBinding(el);
  if (java) {
    const instead = java.uri === VENDOR_NS.camunda ? ' (or make it an external task: camunda:type="external" camunda:topic="…")' : '';
    report(`${java.name}="${java.value}" names Java code, which this engine cannot run: register a handler and name it with onething:handler${instead}`);
    return undefined;
  }
  const type = vendorAttr(el, 'type', JAVA_VENDORS);
  if (type) {
    const external = type.uri === VENDOR_NS.flowable ? 'external-worker' : 'external';
    if (type.value !== external) {
      report(`${type.name}="${type.value}" is a built-in task of ${vendorPrefix(type.uri)}, which this engine does not have: register a handler and name it with onething:handler`);
      return undefined;
    }
    const topic = vendorAttr(el, 'topic', [type.uri]);
    if (!topic?.value.trim()) report(`${type.name}="${type.value}" needs a topic (${vendorPrefix(type.uri)}:topic) naming the handler`);
    else if (isExpression(topic.value)) report(`${topic.name}="${topic.value}" is an expression; the engine needs the handler's name: write it, or onething:handler`);
    else return topic.value.trim();
    return undefined;
  }
  const connector = vendorElement(el, VENDOR_NS.camunda, 'connector');
  if (connector) {
    report('camunda:connector runs a Java connector, which this engine cannot run: register a handler and name it with onething:handler');
    return undefined;
  }
  const job = vendorElement(el, VENDOR_NS.zeebe, 'taskDefinition');
  if (!job) return undefined;
  const jobType = String(job.type ?? '').trim();
  if (!jobType) report('zeebe:taskDefinition needs a type naming the handler');
  else if (isExpression(jobType)) report(`zeebe:taskDefinition type "${jobType}" is a FEEL expression; the engine needs the handler's name: write it, or onething:handler`);
  else return jobType;
  return undefined;
}

/**
 * Vendor data mappings the engine does not apply (a handler or called process sees every variable, and what it
 * returns is merged): reported on elements whose settings come from a vendor, so a file is not accepted with them
 * dropped. `instead` says what to do about it.
 */
export function checkVendorDataMapping(el: ModdleElement, report: Report, instead: string): void {
  for (const [uri, local] of [[VENDOR_NS.zeebe, 'ioMapping'], [VENDOR_NS.camunda, 'inputOutput']] as const)
    if (vendorElement(el, uri, local)) report(`${vendorPrefix(uri)}:${local} is not supported: variables pass unmapped (${instead})`);
  if (vendorElement(el, VENDOR_NS.zeebe, 'taskHeaders')) report('zeebe:taskHeaders are not passed to handlers: register a handler per header set and name it with onething:handler');
}

/**
 * `…:initiator="v"` on a start event: variable `v` is set to the user who starts the instance (the actor given to
 * `start`) unless the start's variables hold it; a value that is not a variable name is reported.
 */
export function readVendorInitiator(el: ModdleElement, report: Report): string | undefined {
  const initiator = vendorAttr(el, 'initiator', JAVA_VENDORS);
  if (!initiator) return undefined;
  if (!/^[A-Za-z_$][\w$]*$/.test(initiator.value)) {
    report(`${initiator.name}="${initiator.value}" must name a variable`);
    return undefined;
  }
  return initiator.value;
}

/**
 * Whether a vendor marks a task asynchronous: `camunda:asyncBefore="true"`, or Flowable's and Activiti's
 * `…:async="true"` — a job the worker runs in a step of its own, as `onething:async="true"`.
 */
export function readVendorAsync(el: ModdleElement): boolean {
  const marked = vendorAttr(el, 'asyncBefore', [VENDOR_NS.camunda]) ?? vendorAttr(el, 'async', [VENDOR_NS.flowable, VENDOR_NS.activiti]);
  return marked?.value.trim() === 'true';
}

/** Who may work on a user task, as vendor settings and standard resource roles give it. */
export interface VendorAssignment {
  roles: string[];
  /** A user id, or `${variable}` (a template the engine renders when it creates the task). */
  assignee?: string;
}

/** A literal list of group names (`a, b`, Flowable's `group(a), user(b)`): the groups; users and expressions reported. */
function groupList(text: string, what: string, report: Report): string[] {
  if (isExpression(text)) {
    report(`${what} "${text}" is an expression the engine cannot evaluate when it creates the task: list the roles (onething:candidateRole="a, b")`);
    return [];
  }
  const roles: string[] = [];
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(user|group)\(\s*(.*?)\s*\)$/.exec(item);
    if (m?.[1] === 'user') report(`${what} "${text}" names user "${m[2]}": the engine has no candidate users; write onething:assignee for one user, or onething:candidateRole for roles`);
    else roles.push(m ? m[2] : item);
  }
  return roles;
}

/** One user, literally or as a variable reference (`${name}`, `#{name}`, FEEL `=name`, `="name"`). */
function oneUser(text: string, what: string, report: Report): string | undefined {
  const t = text.trim();
  const feelString = /^=\s*"([^"]*)"$/.exec(t);
  if (feelString) return feelString[1];
  const ref = VARIABLE_REF.exec(t);
  const path = ref?.[1] ?? ref?.[2];
  if (path && !BUILT_INS.has(path.split('.')[0])) return `\${${path}}`;
  if (isExpression(t)) report(`${what} "${t}" is an expression the engine cannot evaluate when it creates the task: write a user id, a variable ("\${applicant}"), or onething:assignee`);
  else if (/[,\s()]/.test(t)) report(`${what} "${t}" must name one user`);
  else return t;
  return undefined;
}

/**
 * Reads a user task's assignment written the standard or a vendor's way: `potentialOwner` (groups, or a
 * `resourceRef` whose resource names the role), `humanPerformer` / `performer` (one user), `…:candidateGroups`,
 * `…:assignee` and `zeebe:assignmentDefinition`. Candidate users and expressions the engine cannot evaluate are
 * reported rather than ignored, since an ignored assignment would let anyone take the task.
 */
export function readVendorAssignment(el: ModdleElement, report: Report, own: { roles: boolean; assignee: boolean }): VendorAssignment {
  // onething:candidateRole / onething:assignee take precedence: what they replace is neither read nor reported.
  const noop: Report = () => undefined;
  const reportRoles = own.roles ? noop : report;
  const reportUser = own.assignee ? noop : report;
  const roles: string[] = [];
  let assignee: string | undefined;
  const setAssignee = (text: string, what: string) => {
    const user = oneUser(text, what, reportUser);
    if (user === undefined) return;
    if (assignee !== undefined && assignee !== user) reportUser(`${what} "${text}" conflicts with assignee "${assignee}"`);
    assignee = user;
  };
  for (const role of el.resources ?? []) {
    const body: string | undefined = role.resourceAssignmentExpression?.expression?.body?.trim();
    const kind = role.$type.replace(/^bpmn:/, '');
    if (body) {
      if (role.$type === 'bpmn:PotentialOwner') roles.push(...groupList(body, kind, reportRoles));
      else setAssignee(body, kind);
    } else if (role.resourceRef) {
      if (role.resourceParameterBindings?.length) reportRoles(`${kind} binds resource parameters, which the engine does not evaluate: write onething:candidateRole`);
      else roles.push(role.resourceRef.name ?? role.resourceRef.id);
    }
  }
  const groups = vendorAttr(el, 'candidateGroups', JAVA_VENDORS);
  if (groups) roles.push(...groupList(groups.value, groups.name, reportRoles));
  const user = vendorAttr(el, 'assignee', JAVA_VENDORS);
  if (user?.value.trim()) setAssignee(user.value, user.name);
  const users = vendorAttr(el, 'candidateUsers', JAVA_VENDORS);
  const zeebe = vendorElement(el, VENDOR_NS.zeebe, 'assignmentDefinition');
  if (zeebe?.candidateGroups) roles.push(...groupList(String(zeebe.candidateGroups), 'zeebe:assignmentDefinition candidateGroups', reportRoles));
  if (zeebe?.assignee) setAssignee(String(zeebe.assignee), 'zeebe:assignmentDefinition assignee');
  const candidateUsers = users?.value ?? zeebe?.candidateUsers;
  if (candidateUsers && !own.roles && !own.assignee)
    report(`${users?.name ?? 'zeebe:assignmentDefinition candidateUsers'} "${candidateUsers}": the engine has no candidate users; write onething:assignee for one user, or onething:candidateRole for roles`);
  return { roles: [...new Set(roles)], assignee };
}

/**
 * A user task's form key written a vendor's way: `camunda:formKey`, `flowable:formKey`, `activiti:formKey`, or
 * Camunda 8's `zeebe:formDefinition` (`formKey`, or `formId` for a linked form). The engine validates a completion
 * against the form registered under that key (`forms`), so an imported file's forms can be given JSON Schemas
 * without editing it. Only a literal key is read: an expression (`${…}`, `#{…}`, `=…`) names no one form, and is
 * left unread, as before.
 */
export function readVendorFormKey(el: ModdleElement, note: Report = () => {}): string | undefined {
  const zeebe = vendorElement(el, VENDOR_NS.zeebe, 'formDefinition');
  const attr = vendorAttr(el, 'formKey', JAVA_VENDORS);
  const key = attr?.value ?? zeebe?.formKey ?? zeebe?.formId;
  const text = typeof key === 'string' ? key.trim() : '';
  if (text && isExpression(text)) {
    note(`${attr ? `${attr.name}="${text}"` : `zeebe:formDefinition "${text}"`} is an expression and is not read: completions are checked against a form registered under a written key (onething:formKey, or onething:formSchema inline)`);
    return undefined;
  }
  return text || undefined;
}

/**
 * A user task's due date written the Java engines' way (`camunda:dueDate`, `flowable:dueDate`, `activiti:dueDate`),
 * when it is a literal ISO 8601 duration from the task's creation (`P3D`, `PT48H`): their due-date calendar reads
 * a text starting with `P` so. It becomes the task's time limit in wall time where `onething:timeLimit` is absent,
 * so a file from those modelers keeps its deadlines, warnings included. A fixed date (a template's tasks do not
 * share one), an expression, or a duration the engine does not count (years, months) is not read, as before.
 */
export function readVendorDueDate(el: ModdleElement, note: Report = () => {}): string | undefined {
  const attr = vendorAttr(el, 'dueDate', JAVA_VENDORS);
  const text = attr?.value.trim() ?? '';
  if (text.startsWith('P') && parseDuration(text)) return text;
  if (attr && text) note(`${attr.name}="${text}" is not read (a date, an expression, or years and months): the task has no time limit; give it onething:timeLimit (e.g. 5wd)`);
  return undefined;
}

/**
 * Vendor settings the engine leaves unread that change when things happen, as notes: Camunda 7's `asyncAfter`
 * (a transaction boundary after the element: here what follows runs in the same step) and Camunda 8's
 * `zeebe:taskSchedule` (a user task's due and follow-up dates).
 */
export function noteUnreadVendorTiming(el: ModdleElement, note: Report): void {
  const after = vendorAttr(el, 'asyncAfter', [VENDOR_NS.camunda]);
  if (after?.value.trim() === 'true') note(`${after.name}="true" is not read: what follows the element runs in the same step; to run a service task as a job of its own, mark that task onething:async="true"`);
  const schedule = vendorElement(el, VENDOR_NS.zeebe, 'taskSchedule');
  if (schedule) note('zeebe:taskSchedule is not read: the task has no due date from it; give it onething:timeLimit (e.g. 5wd)');
}

/**
 * The decision a business-rule task names in a vendor's way: Camunda 8's `zeebe:calledDecision`, Camunda 7's
 * `camunda:decisionRef` (latest version), each with its result variable. A task run by a job worker or Java code
 * is reported: the engine evaluates decisions with its injected rules evaluator.
 */
export function readVendorDecision(el: ModdleElement, report: Report): { decision?: string; resultVariable?: string } {
  const called = vendorElement(el, VENDOR_NS.zeebe, 'calledDecision');
  if (called) {
    const id = String(called.decisionId ?? '').trim();
    if (isExpression(id)) report(`zeebe:calledDecision decisionId "${id}" is a FEEL expression; the engine needs the decision's name: write it, or onething:decision`);
    else if (!id) report('zeebe:calledDecision needs a decisionId');
    else return { decision: id, resultVariable: called.resultVariable || undefined };
    return {};
  }
  const ref = vendorAttr(el, 'decisionRef', [VENDOR_NS.camunda]);
  if (ref) {
    const binding = vendorAttr(el, 'decisionRefBinding', [VENDOR_NS.camunda]);
    const mapping = vendorAttr(el, 'mapDecisionResult', [VENDOR_NS.camunda]);
    if (isExpression(ref.value)) report(`${ref.name}="${ref.value}" is an expression; the engine needs the decision's name: write it, or onething:decision`);
    else if (binding && binding.value !== 'latest') report(`${binding.name}="${binding.value}" is not supported: the rules evaluator is given the decision's name only`);
    else if (mapping) report(`${mapping.name}="${mapping.value}" is not supported: the result variable holds what the rules evaluator returns`);
    else return { decision: ref.value.trim(), resultVariable: vendorAttr(el, 'resultVariable', [VENDOR_NS.camunda])?.value };
    return {};
  }
  const worker = javaBinding(el) ?? vendorAttr(el, 'type', JAVA_VENDORS);
  if (worker) report(`${worker.name}="${worker.value}" runs the rule in ${vendorPrefix(worker.uri)}'s code, which this engine cannot run: name the decision with onething:decision (the rules evaluator runs it)`);
  else if (vendorElement(el, VENDOR_NS.zeebe, 'taskDefinition')) report('zeebe:taskDefinition makes the rule a job for a worker: name the decision with onething:decision (the rules evaluator runs it), or make it a service task');
  return {};
}

/** What a call activity calls, as Camunda 8 (`zeebe:calledElement`) and Camunda 7 (`camunda:calledElementBinding`) write it. */
export interface VendorCall {
  key?: string;
  version?: number | 'latest';
  /** `[]` when the vendor's setting passes no variables that way; undefined: all (the engine's default). */
  inputs?: string[];
  outputs?: string[];
}

/**
 * Camunda 7's `camunda:in` (`local` "in") or `camunda:out` of a call activity as the names the engine passes:
 * `variables="all"` is all (undefined), `source` = `target` that name; undefined `names` with `found` when one of
 * them asks for what the engine cannot do (reported: a renaming, an expression, a business key, local variables).
 */
function readCamundaPassing(el: ModdleElement, local: 'in' | 'out', report: Report): { found: boolean; names?: string[] } {
  const items = vendorElements(el, VENDOR_NS.camunda, local);
  if (items.length === 0) return { found: false };
  const own = local === 'in' ? 'onething:inputs' : 'onething:outputs';
  const where = local === 'in' ? 'the called process' : 'the calling process';
  let all = false;
  let ok = true;
  const names: string[] = [];
  const fail = (message: string) => {
    ok = false;
    report(message);
  };
  for (const item of items) {
    const attrs = Object.keys(item).filter((k) => !k.startsWith('$') && !k.startsWith('xmlns'));
    const written = `camunda:${local} ${attrs.map((k) => `${k}="${String(item[k])}"`).join(' ')}`.trim();
    const source = item.source === undefined ? undefined : String(item.source).trim();
    const target = item.target === undefined ? undefined : String(item.target).trim();
    if (item.businessKey !== undefined) fail(`${written}: the engine passes no business key to a called process: remove it, and pass the key as a variable (camunda:in source="…" target="…" with one name)`);
    else if (item.local !== undefined && String(item.local) !== 'false') fail(`${written}: local="${String(item.local)}" is not supported: the engine passes the variables visible at the call activity; remove local, or list the names in ${own}`);
    else if (item.sourceExpression !== undefined) fail(`${written}: sourceExpression is computed by Camunda's JUEL, which the engine does not run here: set a variable before the call and pass it with source and target alike`);
    else if (attrs.some((k) => !['source', 'target', 'variables', 'local'].includes(k))) fail(`${written}: ${attrs.filter((k) => !['source', 'target', 'variables', 'local'].includes(k)).join(', ')} is not supported: write variables="all", or source and target naming one variable`);
    else if (item.variables !== undefined) {
      if (String(item.variables) !== 'all' || source !== undefined || target !== undefined) fail(`${written}: variables must be "all", alone (or write source and target naming one variable)`);
      else all = true;
    } else if (!source || !target) fail(`${written}: needs source and target naming one variable (or variables="all")`);
    else if (source !== target) fail(`${written} renames the variable, which the engine cannot do: pass it under one name (source="${source}" target="${source}") and read that name in ${where}, or list the names in ${own}`);
    else if (isExpression(source) || !/^[A-Za-z_$][\w$]*$/.test(source)) fail(`${written}: source must name a variable`);
    else names.push(source);
  }
  if (!ok) return { found: true };
  return { found: true, names: all ? undefined : [...new Set(names)] };
}

/**
 * Reads a call activity's vendor settings. Camunda 8 passes every variable both ways unless
 * `propagateAllParentVariables` / `propagateAllChildVariables` is "false" (then none: its mappings are reported
 * by checkVendorDataMapping); it calls the latest version unless `bindingType` says otherwise, which is reported.
 * Camunda 7 passes what `camunda:in` / `camunda:out` list (`variables="all"`: all); a call activity carrying any
 * Camunda 7 setting, or in a file drawn for Camunda 7, is Camunda 7's, so a direction with none of them passes
 * nothing, as there. `own.inputs` /
 * `own.outputs` (onething:inputs / outputs written) leave that direction's vendor settings unread.
 *
 * @example readVendorCall(call, report, { key: true, version: false }) // { inputs: ['a'], outputs: [] } for <camunda:in source="a" target="a"/>
 */
export function readVendorCall(el: ModdleElement, report: Report, own: { key: boolean; version: boolean; inputs?: boolean; outputs?: boolean }): VendorCall {
  const call: VendorCall = {};
  const zeebe = vendorElement(el, VENDOR_NS.zeebe, 'calledElement');
  if (zeebe) {
    const id = String(zeebe.processId ?? '').trim();
    if (!own.key && isExpression(id)) report(`zeebe:calledElement processId "${id}" is a FEEL expression; the engine needs the process id: write it in calledElement`);
    else if (!own.key && id) call.key = id;
    const binding = String(zeebe.bindingType ?? 'latest');
    if (binding !== 'latest' && !own.version) report(`zeebe:calledElement bindingType "${binding}" is not supported: the engine calls the latest version, or the one onething:version pins`);
    if (String(zeebe.propagateAllParentVariables) === 'false') call.inputs = [];
    if (String(zeebe.propagateAllChildVariables) === 'false') call.outputs = [];
  }
  const binding = own.version ? undefined : vendorAttr(el, 'calledElementBinding', [VENDOR_NS.camunda]);
  if (binding?.value === 'version') {
    const version = Number(vendorAttr(el, 'calledElementVersion', [VENDOR_NS.camunda])?.value);
    if (Number.isInteger(version) && version > 0) call.version = version;
    else report(`${binding.name}="version" needs camunda:calledElementVersion, a positive integer`);
  } else if (binding && binding.value !== 'latest') report(`${binding.name}="${binding.value}" is not supported: the engine calls the latest version, or the one onething:version pins`);
  for (const local of ['variableMappingClass', 'variableMappingDelegateExpression']) {
    const mapping = vendorAttr(el, local, [VENDOR_NS.camunda]);
    if (mapping && !(own.inputs && own.outputs)) report(`${mapping.name}="${mapping.value}" names Java code, which this engine cannot run: list the variables passed with camunda:in / camunda:out (source and target alike) or onething:inputs / onething:outputs`);
  }
  if (hasVendorSetting(el, VENDOR_NS.camunda) || isCamunda7File(el)) {
    // Camunda 7 passes no variables in or back without camunda:in / camunda:out (variables="all" passes all).
    const passing = (local: 'in' | 'out') => {
      const read = readCamundaPassing(el, local, report);
      return read.found ? read.names : [];
    };
    if (!own.inputs) call.inputs = passing('in');
    if (!own.outputs) call.outputs = passing('out');
  }
  return call;
}

/** Multi-instance settings written a vendor's way; `collection` and `outputElement` as written (FEEL keeps its `=`). */
export interface VendorLoop {
  collection?: string;
  elementVariable?: string;
  outputCollection?: string;
  outputElement?: string;
  /** True when the loop is Camunda 8's (`zeebe:loopCharacteristics`). */
  zeebe?: boolean;
}

/**
 * Reads `…:collection` / `…:elementVariable` (Camunda 7, Flowable, Activiti) and Camunda 8's
 * `zeebe:loopCharacteristics` (inputCollection, inputElement, outputCollection, outputElement) of a
 * multiInstanceLoopCharacteristics element. An output element must name a variable.
 */
export function readVendorLoop(loop: ModdleElement, report: Report): VendorLoop {
  const zeebe = vendorElement(loop, VENDOR_NS.zeebe, 'loopCharacteristics');
  if (zeebe) {
    const out = zeebe.outputElement === undefined ? undefined : String(zeebe.outputElement).trim();
    const outVar = out === undefined ? undefined : /^=?\s*([A-Za-z_]\w*)$/.exec(out)?.[1];
    if (out !== undefined && !outVar) report(`zeebe:loopCharacteristics outputElement "${out}" is an expression; the engine gathers a variable: write its name`);
    return { collection: zeebe.inputCollection, elementVariable: zeebe.inputElement, outputCollection: zeebe.outputCollection, outputElement: outVar, zeebe: true };
  }
  return {
    collection: vendorAttr(loop, 'collection', JAVA_VENDORS)?.value,
    elementVariable: vendorAttr(loop, 'elementVariable', JAVA_VENDORS)?.value,
  };
}
