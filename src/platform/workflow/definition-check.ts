import { lineFinder, type BpmnProblem, type CompiledProcess, type Expr } from '../../engines/flow/index.ts';
import { isRole, ROLES } from '../../kernel/roles.ts';
import type { OrgDirectory } from './org-directory.ts';

type Part = string | Expr;

/** The names of the variables an expression reads. */
export function variableNames(e: Expr): string[] {
  switch (e.t) {
    case 'var': return [e.name];
    case 'get': return [...variableNames(e.obj), ...variableNames(e.key)];
    case 'un': return variableNames(e.a);
    case 'bin': return [...variableNames(e.a), ...variableNames(e.b)];
    case 'call': return e.args.flatMap(variableNames);
    case 'list': return e.items.flatMap(variableNames);
    default: return [];
  }
}
const ROUTING_GROUPS: Record<string, ReadonlySet<string> | 'departments'> = { gov: new Set(['town', 'district', 'city']), dept: 'departments' };

/** The `dept.x` / `gov.y` references of a template, and whether it is a plain literal. */
function routingRefs(template: readonly Part[]): { literal: string | null; refs: Array<[group: string, key: string]> } {
  const refs: Array<[string, string]> = [];
  const walk = (e: Expr): void => {
    if (e.t === 'get' && e.obj.t === 'var' && e.obj.name in ROUTING_GROUPS && e.key.t === 'lit') refs.push([e.obj.name, String(e.key.v)]);
    else if (e.t === 'get') { walk(e.obj); walk(e.key); }
    else if (e.t === 'un') walk(e.a);
    else if (e.t === 'bin') { walk(e.a); walk(e.b); }
    else if (e.t === 'call') e.args.forEach(walk);
    else if (e.t === 'list') e.items.forEach(walk);
  };
  for (const p of template) if (typeof p !== 'string') walk(p);
  const literal = template.every((p) => typeof p === 'string') ? template.join('') : null;
  return { literal, refs };
}

/**
 * What the platform adds to the engine's import check: every user task reaches
 * someone (roles the platform knows, an organisation that exists or a routing
 * reference such as `${dept.amr}` that the org tree can resolve), and every
 * service task names a registered handler, and every business-rule task names a policy unit with a
 * published version (`units`; null when the platform runs without the policy module). Problems carry
 * id, type and line.
 */
export function checkForPlatform(xml: string, process: CompiledProcess, orgs: OrgDirectory, handlers: ReadonlySet<string>, units: ReadonlySet<string> | null = null): BpmnProblem[] {
  const lineOf = lineFinder(xml);
  const problems: BpmnProblem[] = [];
  const kinds = orgs.departmentKinds();
  const report = (id: string, type: string, message: string) => problems.push({ id, type, line: lineOf(id), message });
  for (const node of Object.values(process.nodes)) {
    const spec = node.userTask;
    if (spec) {
      for (const role of spec.candidateRoles)
        if (!isRole(role)) report(node.id, node.type, `candidate role "${role}" is not a platform role (one of ${ROLES.join(', ')}); set onething:candidateRole`);
      if (!spec.candidateOrg && !spec.assignee) report(node.id, node.type, 'a user task needs onething:candidateOrg (e.g. ${dept.amr}) or onething:assignee, or nobody sees it');
      if (spec.candidateOrg) {
        const { literal, refs } = routingRefs(spec.candidateOrg as Part[]);
        if (literal !== null && !orgs.byCode.has(literal)) report(node.id, node.type, `candidate organisation "${literal}" does not exist`);
        for (const [group, key] of refs) {
          const known = ROUTING_GROUPS[group];
          const ok = known === 'departments' ? kinds.has(key) : known.has(key);
          if (!ok) report(node.id, node.type, `"${group}.${key}" names no ${group === 'dept' ? `department kind (known: ${[...kinds].sort().join(', ')})` : 'government level (town, district, city)'}`);
        }
      }
    }
    if (node.handler && !handlers.has(node.handler)) report(node.id, node.type, `no handler is registered as "${node.handler}" (registered: ${[...handlers].sort().join(', ') || 'none'})`);
    if (node.kind === 'businessRuleTask' && !units) report(node.id, node.type, 'business-rule tasks need the policy module, which this platform runs without');
    else if (node.kind === 'businessRuleTask' && node.decision && !units!.has(node.decision))
      report(node.id, node.type, `onething:decision names no published policy unit "${node.decision}" (published: ${[...units!].sort().join(', ') || 'none'})`);
  }
  return problems.sort((a, b) => a.line - b.line || a.id.localeCompare(b.id));
}
