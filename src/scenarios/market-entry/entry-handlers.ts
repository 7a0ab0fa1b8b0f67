import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ServiceHandler, ServiceHandlerContext } from '../../engines/flow/index.ts';
import { getDivision } from '../../kernel/divisions.ts';
import { buildUscc, USCC_CHARSET } from '../../kernel/uscc.ts';
import type { AuditService } from '../../platform/audit/audit.service.ts';
import type { EnterpriseRepository } from '../../platform/registry/enterprise.repository.ts';
import { certificateHash, permitNumber } from './entry-certificates.ts';
import { ENTRY_HANDLERS } from './entry-process.ts';
import type { EntryRepository, EntryTables } from './entry.repository.ts';
import type { ApplicationRecord, CertificateContent, ChangeInput, EntryInput, FlowItem } from './entry.types.ts';
import { REGISTRATION_ITEM } from './entry-validation.ts';
import { beijingToday } from './entry-time.ts';
import type { PermitsRepository } from './permits.repository.ts';

/** What the handlers need: the scenario's tables, the register, the audit log and the catalogue. */
export interface EntryHandlerDeps {
  repo: EntryRepository;
  permits: PermitsRepository;
  enterprises: Pick<EnterpriseRepository, 'insertMany' | 'updateCore' | 'updateRegistered'>;
  audit: Pick<AuditService, 'record'>;
}

/**
 * What the submission works out for the handlers and passes as the flow variable `entry` (so a handler
 * reads nothing outside its step's transaction): the register's scope text and industry, the full
 * address, the items the company holds, and the permits a change re-issues.
 */
export interface EntryFacts {
  scopeText: string;
  industryCode: string;
  address: string;
  legalRepName: string;
  capitalYuan: number;
  held: string[];
  replacePermitIds: string[];
}


/** 浙江省杭州市西湖区文新街道 from a town code. */
export function fullAddress(townCode: string): string {
  const names: string[] = [];
  for (let d = getDivision(townCode); d; d = d.parentCode ? getDivision(d.parentCode) : undefined) names.unshift(d.name);
  return names.join('');
}

function newUscc(applicationId: string, districtCode: string, legalForm: string, salt: number): string {
  const digest = createHash('sha256').update(`${applicationId}#${salt}`).digest();
  let body = '';
  for (let i = 0; i < 6; i++) body += USCC_CHARSET[digest[i] % 31];
  // GB 32100: authority 9 (market regulation), type 1 enterprise / 2 individual business; new codes carry an MA organisation code.
  return buildUscc({ authority: '9', entityType: legalForm === 'individual' ? '2' : '1', division: districtCode, organisationCode8: `MA${body}` });
}

const itemOf = (ctx: ServiceHandlerContext) => ctx.variables.item as FlowItem;
const factsOf = (ctx: ServiceHandlerContext) => ctx.variables.entry as EntryFacts;
const legalRepOf = (app: ApplicationRecord) => (app.form as { officers?: EntryInput['officers'] }).officers?.find((o) => o.position === 'legal_rep');

/**
 * The service handlers of the entry process. Automatic items are decided by rules over the application's
 * facts; commitment items are granted on the signed commitment; `marketIssue` issues the business licence
 * and every granted permit together in the step's transaction (register row with a new USCC, permits,
 * certificate contents and their hashes, the application's outcome, the audit record).
 */
export function createEntryHandlers(deps: EntryHandlerDeps): Record<string, ServiceHandler> {
  async function load(ctx: ServiceHandlerContext): Promise<ApplicationRecord> {
    const app = await deps.repo.get(String(ctx.businessKey), ctx.db as Kysely<EntryTables>);
    if (!app) throw new Error(`market application ${ctx.businessKey} does not exist`);
    return app;
  }

  return {
    async [ENTRY_HANDLERS.automatic](ctx) {
      const item = itemOf(ctx);
      const app = await load(ctx);
      const facts = factsOf(ctx);
      // The standard rules: the registered facts the item needs are stated, and every prerequisite is chosen with it or held.
      const missing: string[] = [];
      if (!app.name) missing.push('名称');
      if (!facts.legalRepName) missing.push('法定代表人');
      if (!facts.address) missing.push('住所');
      if (!facts.scopeText) missing.push('经营范围');
      const chosen = new Set([REGISTRATION_ITEM, ...app.items.map((i) => i.code)]);
      const held = new Set(facts.held);
      for (const req of item.requires) if (!chosen.has(req) && !held.has(req)) missing.push(req);
      return missing.length ? { approved: false, opinion: `不符合自动审批规则：缺少${missing.join('、')}` } : { approved: true, opinion: '符合标准条件，系统自动准予' };
    },

    async [ENTRY_HANDLERS.commitment](ctx) {
      const app = await load(ctx);
      const signed = (app.form as { commitment?: boolean }).commitment === true;
      return signed ? { approved: true, opinion: '申请人已书面承诺符合条件，告知承诺准予（事后核查）' } : { approved: false, opinion: '未签署告知承诺书' };
    },

    async [ENTRY_HANDLERS.refuse](ctx) {
      const app = await load(ctx);
      const at = ctx.now.toISOString();
      const decided = (items: unknown, approved: unknown) => ((items as FlowItem[]) ?? []).filter((_, i) => ((approved as boolean[] | undefined) ?? [])[i] === false);
      const refused = [...decided(ctx.variables.preItems, ctx.variables.preApproved), ...decided(ctx.variables.registration, ctx.variables.regApproved)].map((i) => ({ code: i.code, opinion: null }));
      await deps.repo.finish(ctx.db as Kysely<EntryTables>, app.id, 'refused', at, { uscc: app.uscc, certificates: [], refused }, app.uscc);
      await deps.audit.record({ actor: null, action: 'market.entry.refuse', target: app.id, details: { refused: refused.map((r) => r.code) } }, ctx.db);
      return {};
    },

    async [ENTRY_HANDLERS.issue](ctx) {
      const db = ctx.db;
      const register = ctx.db as Kysely<{ enterprises: { uscc: string } }>;
      const app = await load(ctx);
      if (app.status !== 'running') return { uscc: app.uscc };
      const facts = factsOf(ctx);
      const at = ctx.now.toISOString();
      const post = (ctx.variables.postItems as FlowItem[]) ?? [];
      const approved = (ctx.variables.postApproved as boolean[]) ?? [];
      const pre = (ctx.variables.preItems as FlowItem[]) ?? [];
      const granted = [...pre, ...post.filter((_, i) => approved[i] !== false)];
      const refused = post.filter((_, i) => approved[i] === false).map((i) => ({ code: i.code, opinion: null }));
      const form = app.form as EntryInput & ChangeInput;
      const legalRep = legalRepOf(app);
      let uscc = app.uscc;
      if (app.kind === 'entry') {
        for (let salt = 0; !uscc; salt++) {
          const candidate = newUscc(app.id, app.districtCode, form.legalForm, salt);
          if (!(await register.selectFrom('enterprises').select('uscc').where('uscc', '=', candidate).executeTakeFirst())) uscc = candidate;
        }
        await deps.enterprises.insertMany([{
          uscc, name: app.name, districtCode: app.districtCode, townCode: form.address.townCode, industryCode: facts.industryCode, registeredAt: beijingToday(ctx.now),
          registeredCapitalFen: Math.round(form.registeredCapitalYuan * 100), employees: 0, revenueFen: 0, patentsInvention: 0, patentsUtility: 0, patentsDesign: 0, sizeClass: 'micro',
          status: 'active', legalRepName: legalRep?.name ?? '', legalRepIdNumber: legalRep?.idNumber ?? '', legalRepPhone: legalRep?.phone ?? '', address: facts.address,
        }], db);
      } else {
        const core: Parameters<EntryHandlerDeps['enterprises']['updateCore']>[1] = {};
        if (form.address) Object.assign(core, { districtCode: app.districtCode, townCode: form.address.townCode });
        if (form.scopeCodes) core.industryCode = facts.industryCode;
        await deps.enterprises.updateCore(uscc!, core, db);
        await deps.enterprises.updateRegistered(uscc!, { address: form.address ? facts.address : undefined, legalRepName: legalRep?.name, legalRepIdNumber: legalRep?.idNumber, legalRepPhone: legalRep?.phone }, db);
        // A change re-issues the business licence and the affected permits: the old ones are cancelled.
        if (facts.replacePermitIds.length) await deps.permits.cancel(db, uscc!, at, `变更登记换发（${app.id}）`, facts.replacePermitIds);
      }
      const regItem = (ctx.variables.registration as FlowItem[])[0];
      const base = { uscc: uscc!, companyName: app.name, issuedAt: at, applicationId: app.id, legalRepName: facts.legalRepName, address: facts.address, registeredCapitalYuan: facts.capitalYuan, scopeText: facts.scopeText };
      const contents: CertificateContent[] = [
        { ...base, certificateNo: app.kind === 'entry' ? uscc! : `${uscc}-${at.slice(0, 10).replace(/-/g, '')}`, kind: 'business_licence', itemCode: REGISTRATION_ITEM, itemName: '营业执照', department: regItem.department, departmentName: regItem.departmentName },
        ...granted.map((g): CertificateContent => ({ ...base, certificateNo: permitNumber(app.districtCode, at, app.id, g.code), kind: 'permit', itemCode: g.code, itemName: g.name, department: g.department, departmentName: g.departmentName })),
      ];
      const hashes = contents.map(certificateHash);
      await deps.permits.issue(db, contents.map((c, i) => ({
        id: `${app.id}.${c.itemCode}`, uscc: uscc!, itemCode: c.itemCode, department: c.department, certificateNo: c.certificateNo, applicationId: app.id, issuedAt: at, validUntil: null, documentHash: hashes[i],
      })));
      await deps.repo.insertCertificates(db, contents.map((c, i) => ({ certificateNo: c.certificateNo, applicationId: app.id, uscc: uscc!, content: c, contentHash: hashes[i], issuedAt: at })));
      const outcome = { uscc, certificates: contents.map((c) => c.certificateNo), refused };
      await deps.repo.finish(db, app.id, 'issued', at, outcome, uscc);
      await deps.audit.record({ actor: null, action: `market.${app.kind}.issue`, target: app.id, details: outcome }, db);
      return { uscc, certificates: outcome.certificates };
    },
  };
}
