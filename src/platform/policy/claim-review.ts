import type { ServiceHandler, ServiceHandlerContext } from '../../engines/flow/index.ts';
import { buildBpmn } from '../workflow/bpmn-builder.ts';

/** The service task that carries a reviewer's decision back into the claim. */
export const CLAIM_DECISION_HANDLER = 'policyClaimDecision';
/** The service task that carries a post-audit finding back into the claim. */
export const CLAIM_AUDIT_HANDLER = 'policyClaimPostAudit';
/** Review processes are the platform's (reserved prefix), one per issuing organisation, owned by it. */
export const REVIEW_KEY_PREFIX = 'onething_policy_review_';

/** The review process key of an issuing organisation (its code, made a valid BPMN id). */
export function reviewProcessKey(orgCode: string): string {
  return `${REVIEW_KEY_PREFIX}${orgCode.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/**
 * The claim review process of an issuing organisation: by `purpose`, either the decision on a claim
 * pending review (manual mode, or quick apply not proven by data) or the post-audit of a credit
 * commitment; the task goes to the government of the company's district (`reviewOrg`), officials
 * and department officers, within 10 working days; a service task then settles the claim.
 */
export function reviewProcessXml(key: string, orgName: string): string {
  const decision = {
    type: 'object', required: ['approve'],
    properties: { approve: { type: 'boolean', title: '批准' }, reason: { type: 'string', title: '审核意见', maxLength: 500 } },
    if: { properties: { approve: { const: false } } }, then: { required: ['reason'], properties: { reason: { minLength: 2 } } },
  };
  const audit = {
    type: 'object', required: ['outcome', 'note'],
    properties: { outcome: { type: 'string', title: '核查结论', enum: ['kept', 'broken'] }, note: { type: 'string', title: '核查说明', minLength: 2, maxLength: 1000 } },
  };
  const task = { candidateRole: 'official,department_officer', candidateOrg: '${reviewOrg}', timeLimit: '10wd' };
  return buildBpmn({
    id: key,
    name: `政策申领审核（${orgName}）`,
    nodes: [
      { id: 'start', type: 'startEvent', name: '申领待审', x: 100, y: 160 },
      { id: 'route', type: 'exclusiveGateway', x: 200, y: 160, defaultFlow: 'f_decide' },
      { id: 'review', type: 'userTask', name: '政策申领审核', x: 340, y: 90, attrs: task, form: decision },
      { id: 'settle', type: 'serviceTask', name: '审核结果回写申领', x: 500, y: 90, attrs: { handler: CLAIM_DECISION_HANDLER } },
      { id: 'postAudit', type: 'userTask', name: '信用承诺事后核查', x: 340, y: 230, attrs: task, form: audit },
      { id: 'settleAudit', type: 'serviceTask', name: '核查结果回写申领', x: 500, y: 230, attrs: { handler: CLAIM_AUDIT_HANDLER } },
      { id: 'end', type: 'endEvent', name: '办结', x: 640, y: 160 },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'route' },
      { id: 'f_decide', from: 'route', to: 'review' },
      { id: 'f_audit', from: 'route', to: 'postAudit', condition: "${purpose == 'post_audit'}" },
      { id: 'f2', from: 'review', to: 'settle' }, { id: 'f3', from: 'settle', to: 'end' },
      { id: 'f4', from: 'postAudit', to: 'settleAudit' }, { id: 'f5', from: 'settleAudit', to: 'end' },
    ],
  });
}

/**
 * The handlers the workflow module is built with, bound later to the claim services (the flow engine
 * is created before the policy services that settle claims).
 */
export function createClaimReviewLink() {
  const bound: { decision?: (ctx: ServiceHandlerContext) => Promise<Record<string, unknown>>; audit?: (ctx: ServiceHandlerContext) => Promise<Record<string, unknown>> } = {};
  const call = (name: 'decision' | 'audit'): ServiceHandler => (ctx) => {
    const fn = bound[name];
    if (!fn) throw new Error(`claim review handler ${name} is not bound yet`);
    return fn(ctx);
  };
  return {
    handlers: { [CLAIM_DECISION_HANDLER]: call('decision'), [CLAIM_AUDIT_HANDLER]: call('audit') } as Record<string, ServiceHandler>,
    /** Binds the handlers to their implementation. */
    bind(impl: typeof bound): void {
      Object.assign(bound, impl);
    },
  };
}

/** The claim review link (handlers built with the flow engine, bound by the review service). */
export type ClaimReviewLink = ReturnType<typeof createClaimReviewLink>;
