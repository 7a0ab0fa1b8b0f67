import { AppError } from '../../../kernel/errors.ts';
import type { Actor } from '../../../platform/identity/identity.types.ts';
import type { PlatformServices } from '../../../platform/platform.ts';
import type { EnterpriseRecord } from '../../../platform/registry/enterprise.types.ts';
import { OrgDirectory, type RoutingContext } from '../../../platform/workflow/org-directory.ts';
import { createWorkflowRepository } from '../../../platform/workflow/workflow.repository.ts';
import type { LicenceCatalogue } from '../catalogue-model.ts';
import type { Permit } from '../permits.repository.ts';

/** One permit of the "1+N" fan-out: who confirms its cancellation. */
export interface PermitToCancel {
  permitId: string;
  itemCode: string;
  itemName: string;
  certificateNo: string;
  department: string;
  /** The organisation that confirms: the department of that kind serving the company's district. */
  org: string;
}

/**
 * The permits a cancellation fans out to, each routed to the issuing department of the company's
 * district (the city's when the district has none, the district government when neither has one).
 * The business licence itself is the registration ("1"), cancelled by the registration authority.
 */
export function permitsToCancel(permits: readonly Permit[], catalogue: LicenceCatalogue, routing: RoutingContext): PermitToCancel[] {
  return permits.filter((p) => p.itemCode !== 'business_licence').map((p) => ({
    permitId: p.id, itemCode: p.itemCode, itemName: catalogue.byCode.get(p.itemCode)?.name ?? p.itemCode, certificateNo: p.certificateNo, department: p.department,
    org: routing.dept[p.department] ?? routing.dept.amr ?? routing.gov.district ?? '',
  }));
}

/**
 * Starts a deregistration instance for a company, whoever opens it (the company, its agent, or the
 * authority for forced deregistration): the routing of the company's district, the applicant
 * variables the workflow module sets, and the module's instance row, so the officials' inbox,
 * progress and statistics see it like any application.
 */
export async function startCaseInstance(platform: PlatformServices, actor: Actor, key: string, company: EnterpriseRecord, input: {
  title: string; businessKey: string;
  /** The process variables, given the routing of the company's district. */
  variables: (routing: RoutingContext) => Promise<Record<string, unknown>> | Record<string, unknown>;
}): Promise<{ instanceId: string; routing: RoutingContext }> {
  const orgs = await OrgDirectory.load(platform.identity);
  const routing = orgs.routingFor(company.districtCode, company.townCode);
  if (!routing.dept.amr && !routing.gov.district)
    throw new AppError('flow.routing.unresolved', 'no registration authority serves the company', { errors: [{ field: 'uscc', rule: 'routing', message: `No market regulation bureau serves district ${company.districtCode}` }] });
  const companyOrg = orgs.byCode.get(company.uscc);
  const variables = {
    ...(await input.variables(routing)), title: input.title, note: null, ...routing,
    applicant: { name: company.name, uscc: company.uscc, orgCode: companyOrg?.code ?? null, district: company.districtCode, town: company.townCode, userId: actor.userId },
  };
  const engine = platform.workflow.engine;
  const instanceId = await engine.start(key, { variables, businessKey: input.businessKey, actor: actor.userId });
  try {
    await createWorkflowRepository(platform.database).insertInstance({
      instanceId, key, title: input.title, applicantUserId: actor.userId, applicantName: company.name, applicantOrgId: companyOrg?.id ?? null,
      applicantUscc: company.uscc, districtCode: company.districtCode, followsInstanceId: null, createdAt: platform.clock.now().toISOString(),
    });
  } catch (err) {
    await engine.cancelInstance(instanceId, 'the deregistration could not be registered', actor.userId).catch(() => undefined);
    throw err;
  }
  return { instanceId, routing };
}
