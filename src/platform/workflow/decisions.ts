import type { Facts } from '../../engines/rules/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import { evaluateUnit, mergeAnswers, missingFacts, whyNot } from '../policy/claim-evaluation.ts';
import { checkFacts } from '../policy/facts.ts';
import type { PolicyServices } from '../policy/policy.services.ts';

/** What a business-rule task writes: the unit's verdict for the application, and why. */
export interface DecisionResult {
  unit: string;
  version: number;
  asOf: string;
  eligible: boolean;
  /** The benefit in fen (0 when not eligible or the unit has none). */
  amount: number;
  /** The conditions that did not hold, in Chinese (empty when eligible). */
  reasons: string[];
  /** Facts the unit reads that neither the mirror nor the application supplied. */
  missing: string[];
}

/**
 * The rules a workflow's business-rule tasks call: `onething:decision` names a policy unit; the
 * platform evaluates its published version for the application.
 */
export interface WorkflowDecisions {
  /** Ids of the units a business-rule task may name: those with a published version. */
  known(): Promise<ReadonlySet<string>>;
  /** The unit's verdict for an application's variables. */
  evaluate(unitId: string, variables: Readonly<Record<string, unknown>>): Promise<DecisionResult>;
}

/**
 * Business-rule tasks on the policy module: the applicant's enterprise as the mirror knew it
 * today (read on behalf of the applicant, so scoped and audited as `flow.decision`), with the
 * application's variables named as attributes (a form's `employees`) filling the facts the
 * mirror lacks — data wins over what was entered, as in claims. Without an enterprise in the
 * mirror the variables are the facts.
 */
export function createPolicyDecisions(deps: {
  policy: Pick<PolicyServices, 'repository' | 'units' | 'evaluation' | 'ready'>;
  identity: Pick<IdentityService, 'actorForUserId'>;
  clock: Clock;
}): WorkflowDecisions {
  const { policy } = deps;

  async function mirrorFacts(variables: Readonly<Record<string, unknown>>, asOf: string): Promise<Facts> {
    const applicant = variables.applicant as { uscc?: unknown; userId?: unknown } | undefined;
    if (typeof applicant?.uscc !== 'string' || typeof applicant.userId !== 'string') return {};
    const actor = await deps.identity.actorForUserId(applicant.userId);
    try {
      return (await policy.evaluation.evaluateEnterprise(actor, applicant.uscc, { asOf, purpose: 'flow.decision' })).facts;
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return {};
      throw err;
    }
  }

  return {
    async known() {
      await policy.ready();
      return new Set((await policy.repository.publishedUnits()).map((v) => v.unitId));
    },

    async evaluate(unitId, variables) {
      await policy.ready();
      const stored = await policy.repository.getUnit(unitId);
      const version = stored?.publishedVersion ? await policy.repository.getVersion(unitId, stored.publishedVersion) : undefined;
      if (!version) throw new AppError('flow.decision.unknown', `policy unit "${unitId}" has no published version`, { unit: unitId });
      const asOf = deps.clock.now().toISOString().slice(0, 10);
      const schema = await policy.units.schema();
      const entered: Facts = {};
      for (const a of schema) {
        if (!Object.prototype.hasOwnProperty.call(variables, a.key) || variables[a.key] === null) continue;
        const v = variables[a.key];
        // A form field holds one value; a periodic attribute's facts are a list, latest period first.
        entered[a.key] = (a.periods && !Array.isArray(v) ? [v] : v) as Facts[string];
      }
      const errors = checkFacts(entered, schema, 'variables');
      // The message names the fields: it is what an incident of the step shows.
      if (errors.length) throw new AppError('validation.failed', `policy unit ${unitId}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, { errors });
      const facts = mergeAnswers(await mirrorFacts(variables, asOf), entered);
      const result = evaluateUnit(version.unit, schema, facts, asOf);
      return {
        unit: unitId, version: version.version, asOf, eligible: result.eligible, amount: result.amount,
        reasons: result.eligible ? [] : whyNot(result.explanation).map((r) => r.zh),
        missing: missingFacts(version.unit, facts),
      };
    },
  };
}
