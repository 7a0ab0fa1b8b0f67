import { createHash } from 'node:crypto';
import type { ServiceHandler } from '../../engines/flow/index.ts';
import { buildBpmn } from './bpmn-builder.ts';

/** The process a bad rating starts: one task for the owning organisation to follow up. */
export const FOLLOW_UP_KEY = 'onething_rating_followup';

/** Process ids the platform keeps for itself: users cannot upload under this prefix. */
export const RESERVED_KEY_PREFIX = 'onething_';

/** The follow-up process: the owning organisation calls the applicant back and records what it changes, within 5 working days. */
export const FOLLOW_UP_XML = buildBpmn({
  id: FOLLOW_UP_KEY,
  name: '差评回访整改',
  nodes: [
    { id: 'start', type: 'startEvent', name: '收到差评', x: 100, y: 120 },
    {
      id: 'followUp', type: 'userTask', name: '差评回访整改', x: 240, y: 120,
      attrs: { candidateRole: 'official,department_officer', candidateOrg: '${followUpOrg}', timeLimit: '5wd' },
      form: {
        type: 'object', required: ['findings', 'measures'],
        properties: {
          findings: { type: 'string', title: '回访情况', minLength: 2, maxLength: 1000 },
          measures: { type: 'string', title: '整改措施', minLength: 2, maxLength: 1000 },
        },
      },
    },
    { id: 'end', type: 'endEvent', name: '整改完成', x: 380, y: 120 },
  ],
  flows: [{ id: 'f1', from: 'start', to: 'followUp' }, { id: 'f2', from: 'followUp', to: 'end' }],
});

/**
 * A licence number in the shape of a food business licence (JY, business type,
 * district, six digits, check digit), derived from the job's idempotency key so
 * that a retried job issues the same number.
 */
export function licenceNumber(district: string, idempotencyKey: string): string {
  const digits = String(parseInt(createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 12), 16) % 1_000_000).padStart(6, '0');
  const body = `2${district}${digits}`;
  const check = [...body].reduce((sum, d, i) => sum + Number(d) * (i % 2 === 0 ? 3 : 1), 0) % 10;
  return `JY${body}${check}`;
}

/** Service handlers every process on the platform may name. */
export const PLATFORM_HANDLERS: Record<string, ServiceHandler> = {
  /** Issues the licence of the application: a number and the date. */
  issueLicence(ctx) {
    const district = String((ctx.variables.applicant as { district?: unknown } | undefined)?.district ?? '000000').padEnd(6, '0').slice(0, 6);
    return { licenceNo: licenceNumber(district, ctx.idempotencyKey), issuedAt: ctx.now.toISOString() };
  },
};
