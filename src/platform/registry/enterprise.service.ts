import { AppError } from '../../kernel/errors.ts';
import { getDivision } from '../../kernel/divisions.ts';
import { getIndustryDivision } from '../../kernel/industry.ts';
import { maskPersonal, maskingPolicyFor, type PersonalFieldKind } from '../../kernel/masking.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../identity/identity.types.ts';
import { dataScopeOf } from '../identity/scope.ts';
import type { EnterpriseFilter, EnterpriseRepository } from './enterprise.repository.ts';
import type { EnterpriseRecord } from './enterprise.types.ts';

/** An enterprise as lists show it: no personal data. */
export interface EnterpriseSummary {
  uscc: string;
  name: string;
  districtCode: string;
  districtName: string;
  townCode: string;
  townName: string;
  industryCode: string;
  industryName: string;
  sizeClass: EnterpriseRecord['sizeClass'];
  registeredAt: string;
  registeredCapitalFen: number;
  employees: number;
  revenueFen: number;
  status: EnterpriseRecord['status'];
}

/** An enterprise in full, with personal fields masked as the reader's role and purpose allow. */
export interface EnterpriseDetail extends EnterpriseSummary {
  address: string;
  patents: { invention: number; utility: number; design: number };
  legalRepresentative: { name: string; idNumber: string; phone: string };
}

function summarise(e: EnterpriseRecord): EnterpriseSummary {
  return {
    uscc: e.uscc,
    name: e.name,
    districtCode: e.districtCode,
    districtName: getDivision(e.districtCode)?.name ?? e.districtCode,
    townCode: e.townCode,
    townName: getDivision(e.townCode)?.name ?? e.townCode,
    industryCode: e.industryCode,
    industryName: getIndustryDivision(e.industryCode)?.name ?? e.industryCode,
    sizeClass: e.sizeClass,
    registeredAt: e.registeredAt,
    registeredCapitalFen: e.registeredCapitalFen,
    employees: e.employees,
    revenueFen: e.revenueFen,
    status: e.status,
  };
}

/** Reads of the enterprise mirror, scoped by the actor's organisation, audited where personal. */
export function createEnterpriseService(deps: { enterprises: EnterpriseRepository; audit: AuditService }) {
  return {
    /** One page of the enterprises the actor may see. */
    async list(actor: Actor, filter: EnterpriseFilter, page: number, pageSize: number) {
      const { items, total } = await deps.enterprises.list(dataScopeOf(actor), filter, page, pageSize);
      return { items: items.map(summarise), total, page, pageSize };
    },

    /**
     * One enterprise in detail. Outside the actor's scope it does not exist (404, not 403: the
     * answer must not reveal that a company is registered elsewhere). The read is audited as a
     * read of personal data, with the declared purpose.
     */
    async get(actor: Actor, uscc: string, purpose: string | null): Promise<EnterpriseDetail> {
      const record = await deps.enterprises.get(dataScopeOf(actor), uscc);
      if (!record) throw new AppError('not_found', `No enterprise ${uscc} in your scope`);
      const own = actor.enterpriseUscc === record.uscc;
      const policy = maskingPolicyFor(actor.role, purpose ?? undefined, { ownRecord: own });
      const show = (value: string, kind: PersonalFieldKind) => maskPersonal(value, kind, { clear: policy.clear[kind] });
      await deps.audit.record({
        actor,
        action: 'enterprise.read',
        target: uscc,
        purpose,
        personal: true,
        details: { clear: Object.keys(policy.clear).filter((k) => policy.clear[k as PersonalFieldKind]), reason: policy.reason },
      });
      return {
        ...summarise(record),
        address: show(record.address, 'address'),
        patents: { invention: record.patentsInvention, utility: record.patentsUtility, design: record.patentsDesign },
        legalRepresentative: {
          name: show(record.legalRepName, 'name'),
          idNumber: show(record.legalRepIdNumber, 'idNumber'),
          phone: show(record.legalRepPhone, 'phone'),
        },
      };
    },
  };
}

/** The enterprise service's interface. */
export type EnterpriseService = ReturnType<typeof createEnterpriseService>;
