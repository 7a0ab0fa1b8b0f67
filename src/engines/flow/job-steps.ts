import type { Database } from '../../db/index.ts';
import { BpmnError, HandlerContext, type RulesEvaluator, type ServiceHandler } from './handlers.ts';
import type { DefinitionCache, StepSession } from './session.ts';
import { FlowError, type InstanceState, type TokenRow } from './state.ts';
import { definitionRows, loadInstance } from './store.ts';

/** A business-rule task's result (as variables to set), or the error its evaluation threw. */
export interface Verdict {
  jobId: string;
  result?: unknown;
  error?: Error;
}

/** The variables a job of `tokenId` sees: the instance's, overlaid by the locals of the token's scopes, outermost first. */
export function visibleVariables(state: InstanceState, tokenId: string): Record<string, unknown> {
  // Mostly no token on the way up has locals: then a copy of the instance's variables is all.
  let hasLocals = false;
  for (let t = state.tokens.get(tokenId); t && !hasLocals; t = t.scopeId ? state.tokens.get(t.scopeId) : undefined) hasLocals = t.locals !== undefined;
  if (!hasLocals) return { ...state.variables };
  const chain: TokenRow[] = [];
  for (let t = state.tokens.get(tokenId); t; t = t.scopeId ? state.tokens.get(t.scopeId) : undefined) chain.unshift(t);
  return Object.assign({ ...state.variables }, ...chain.map((t) => t.locals ?? {}));
}

/** A decision's output as a business-rule task's result: under its `resultVariable` when it names one, else as it is. */
function decisionResult(node: { resultVariable?: string }, out: unknown): unknown {
  return node.resultVariable ? { [node.resultVariable]: out } : out;
}

/**
 * How a due job runs inside a step: a service task's handler (registered by name) or business rule, or a timer
 * or warning firing. The handlers are the engine's own record, so handlers registered later are found.
 */
export function createJobSteps(deps: { database: Database; definitions: DefinitionCache; handlers: Record<string, ServiceHandler>; rules?: RulesEvaluator }) {
  const { database, definitions, handlers, rules } = deps;

  /**
   * A business-rule task's verdict, evaluated before its step's transaction opens: the evaluator may read the
   * database (on SQLite, through the connection the step would hold). Undefined when the job is none (or gone).
   */
  async function prepareVerdict(jobId: string, instanceId: string): Promise<Verdict | undefined> {
    if (!rules) return undefined;
    const state = await loadInstance(database, instanceId);
    const job = state?.jobs.get(jobId);
    if (!state || !job || job.state !== 'ready' || typeof job.data.decision !== 'string') return undefined;
    try {
      const out = await rules(job.data.decision, visibleVariables(state, job.tokenId));
      const def = definitions.get(state.definitionId) ?? (await definitionRows.byId(database.kysely, state.definitionId))!;
      return { jobId, result: decisionResult(def.process.nodes[job.elementId], out) };
    } catch (err) {
      return { jobId, error: err as Error };
    }
  }

  /**
   * Runs one due job inside a session; false when it is no longer due (or another worker holds its instance).
   * `none`: this engine holds the job's claim, so its instance is taken without a lock.
   */
  async function jobStep(s: StepSession, jobId: string, instanceId: string, verdict?: Verdict, lock: 'none' | 'skip' = 'skip'): Promise<boolean> {
    const state = await s.state(instanceId, lock);
    const job = state?.jobs.get(jobId);
    if (!state || !job || job.state !== 'ready' || job.dueAt > s.at) return false;
    if (job.kind !== 'service') {
      await s.apply(instanceId, { type: 'timerFired', jobId }, null);
      return true;
    }
    const variables = visibleVariables(state, job.tokenId);
    let result: unknown;
    try {
      if (verdict?.jobId === jobId) {
        if (verdict.error) throw verdict.error;
        result = verdict.result;
      } else if (typeof job.data.decision === 'string') {
        if (!rules) throw new FlowError('flow.rules.missing', `no rules evaluator for decision ${job.data.decision}`);
        const out = await rules(job.data.decision, variables);
        result = decisionResult((await s.definition(state.definitionId)).process.nodes[job.elementId], out);
      } else {
        const handler = handlers[String(job.data.handler)];
        if (!handler) throw new FlowError('flow.handler.missing', `no handler registered as "${job.data.handler}"`, { handler: job.data.handler });
        result = await handler(new HandlerContext(s, state, job.elementId, jobId, job.attempts + 1, variables));
      }
    } catch (err) {
      if (!(err instanceof BpmnError)) throw err;
      await s.apply(instanceId, { type: 'jobError', jobId, errorCode: err.code, message: err.message }, null);
      return true;
    }
    const vars = result && typeof result === 'object' && !Array.isArray(result) ? (result as Record<string, unknown>) : {};
    await s.apply(instanceId, { type: 'jobDone', jobId, variables: vars }, null);
    return true;
  }

  return { prepareVerdict, jobStep };
}
