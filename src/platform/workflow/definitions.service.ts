import { checkBpmnAside, type BpmnProblem } from '../../engines/flow/index.ts';
import { AppError } from '../../kernel/errors.ts';
import type { Actor } from '../identity/identity.types.ts';
import { requireRoles, STAFF_ROLES } from './access.ts';
import { checkForPlatform } from './definition-check.ts';
import { RESERVED_KEY_PREFIX } from './platform-processes.ts';
import { audit, orgRef, type OrgRef, type WorkflowContext } from './workflow.context.ts';

/** A process in the catalogue. */
export interface ProcessSummary {
  key: string;
  name: string | null;
  latestVersion: number;
  versions: number;
  owner: OrgRef | null;
  internal: boolean;
  canEdit: boolean;
  /** Instance counts (staff only; null for applicants). */
  running: number | null;
  completed: number | null;
}

/** What checking a BPMN file found. */
export interface CheckResult {
  ok: boolean;
  key: string | null;
  name: string | null;
  problems: BpmnProblem[];
  /** Elements that import but never run (no path from a start event reaches them): shown, not refused. */
  notes: BpmnProblem[];
}

const problemErrors = (problems: BpmnProblem[]) =>
  problems.map((p) => ({ field: 'xml', rule: 'bpmn', message: `${p.type} ${p.id || '(no id)'} (line ${p.line}): ${p.message}` }));

/** Stored, versioned process definitions owned by organisations. */
export function createDefinitionsService(ctx: WorkflowContext) {
  const { repo, engine, clock } = ctx;

  async function check(xml: string): Promise<CheckResult> {
    const { process, problems, notes = [] } = await checkBpmnAside(xml);
    if (!process) return { ok: false, key: null, name: null, problems, notes: [] };
    const hasRuleTasks = Object.values(process.nodes).some((n) => n.kind === 'businessRuleTask');
    const units = hasRuleTasks && ctx.decisions ? await ctx.decisions.known() : null;
    const all = [...problems, ...checkForPlatform(xml, process, await ctx.orgs(), ctx.handlerNames, units)];
    return { ok: all.length === 0, key: process.key, name: process.name ?? null, problems: all, notes: all.length === 0 ? notes : [] };
  }

  /** Deploys without the ownership checks: for the platform's own processes and the demo city. */
  async function deployAs(ownerOrgId: string, xml: string, opts: { uploadedBy: string | null; internal?: boolean }): Promise<{ key: string; version: number; name: string | null; created: boolean }> {
    const result = await check(xml);
    if (!result.ok || !result.key)
      throw new AppError('flow.import.invalid', `the BPMN file has ${result.problems.length} problem(s)`, { problems: result.problems, errors: problemErrors(result.problems) });
    const key = result.key;
    const at = clock.now().toISOString();
    const existing = await repo.findProcess(key);
    if (!existing) {
      try {
        await repo.insertProcess({ key, ownerOrgId, name: result.name, internal: Boolean(opts.internal), createdBy: opts.uploadedBy, createdAt: at });
      } catch (err) {
        // Two first uploads of one key at once: the other one owns it now.
        const owner = await repo.findProcess(key);
        if (!owner || owner.ownerOrgId !== ownerOrgId) throw err;
      }
    }
    const latestBefore = (await engine.getDefinition(key))?.version ?? 0;
    const def = await engine.deploy(xml);
    await repo.insertVersion({ definitionId: def.id, key, version: def.version, uploadedBy: opts.uploadedBy, uploadedAt: at });
    if (existing && existing.name !== result.name) await repo.renameProcess(key, result.name);
    return { key, version: def.version, name: def.name ?? null, created: def.version > latestBefore };
  }

  return {
    deployAs,

    /** Checks a BPMN file as upload would, without storing anything. */
    async check(actor: Actor, xml: string): Promise<CheckResult> {
      requireRoles(actor, STAFF_ROLES, 'Checking a process');
      return check(xml);
    },

    /**
     * Stores a new version of a process from BPMN XML. The first upload of a process id makes the
     * uploader's organisation its owner; later versions come only from that organisation (or a
     * platform administrator). Running instances keep the version they started with.
     */
    async upload(actor: Actor, xml: string) {
      requireRoles(actor, STAFF_ROLES, 'Uploading a process');
      const key = /<(?:\w+:)?process\b[^>]*\sid\s*=\s*["']([^"']+)["']/.exec(xml)?.[1];
      if (key?.startsWith(RESERVED_KEY_PREFIX))
        throw new AppError('validation.failed', `process ids starting with ${RESERVED_KEY_PREFIX} are reserved`, { errors: [{ field: 'xml', rule: 'reserved', message: `Process ids starting with ${RESERVED_KEY_PREFIX} are reserved for the platform` }] });
      const existing = key ? await repo.findProcess(key) : undefined;
      if (existing && existing.ownerOrgId !== actor.org.id && actor.role !== 'platform_admin')
        throw new AppError('auth.forbidden', `process ${key} belongs to another organisation`);
      const result = await deployAs(existing?.ownerOrgId ?? actor.org.id, xml, { uploadedBy: actor.userId });
      if (result.created) await audit(ctx, actor, 'definition.upload', `${result.key}@${result.version}`);
      return result;
    },

    /** The catalogue: every process for staff (with counts); the ones applicants may start for them. */
    async list(actor: Actor): Promise<ProcessSummary[]> {
      const staff = STAFF_ROLES.includes(actor.role);
      const orgs = await ctx.orgs();
      return (await repo.listProcesses())
        .filter((p) => staff || !p.internal)
        .map((p) => {
          const owner = orgs.byId.get(p.ownerOrgId);
          return {
            key: p.key, name: p.name, latestVersion: p.latestVersion, versions: p.versions, owner: owner ? orgRef(orgs, owner.code) : null, internal: p.internal,
            canEdit: staff && !p.internal && (actor.role === 'platform_admin' || p.ownerOrgId === actor.org.id),
            running: staff ? p.running : null, completed: staff ? p.completed : null,
          };
        });
    },

    /** The versions of a process, newest first (staff only). */
    async versions(actor: Actor, key: string) {
      requireRoles(actor, STAFF_ROLES, 'Listing versions');
      if (!(await repo.findProcess(key))) throw new AppError('not_found', `process ${key} does not exist`);
      return repo.listVersions(key);
    },

    /** The BPMN XML of a version (latest by default); internal processes for staff only. */
    async xml(actor: Actor, key: string, version: number | 'latest'): Promise<{ key: string; version: number; xml: string }> {
      const process = await repo.findProcess(key);
      if (!process || (process.internal && !STAFF_ROLES.includes(actor.role))) throw new AppError('not_found', `process ${key} does not exist`);
      const def = await engine.getDefinition(key, version);
      if (!def) throw new AppError('not_found', `process ${key} version ${version} does not exist`);
      return { key, version: def.version, xml: def.xml };
    },
  };
}

/** The definitions service's interface. */
export type DefinitionsService = ReturnType<typeof createDefinitionsService>;
