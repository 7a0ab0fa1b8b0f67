import { beijingToday } from './entry-time.ts';
import { AppError, assertNoFieldErrors, type FieldError } from '../../kernel/errors.ts';
import { maskingPolicyFor, maskPersonal } from '../../kernel/masking.ts';
import { divisionPrefix } from '../../kernel/divisions.ts';
import type { AuditService } from '../../platform/audit/audit.service.ts';
import type { EvidenceServices } from '../../platform/evidence/evidence.services.ts';
import type { IdentityService } from '../../platform/identity/identity.service.ts';
import type { Actor } from '../../platform/identity/identity.types.ts';
import type { EnterpriseRepository } from '../../platform/registry/enterprise.repository.ts';
import { OrgDirectory } from '../../platform/workflow/org-directory.ts';
import type { WorkflowServices } from '../../platform/workflow/workflow.services.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { LicenceCatalogue } from './catalogue-model.ts';
import { CERTIFICATE_LOG, certificateHash, renderEntryCertificate } from './entry-certificates.ts';
import { createEntryHandlers, fullAddress, type EntryFacts } from './entry-handlers.ts';
import { ENTRY_PROCESS_KEY, entryProcessXml } from './entry-process.ts';
import { checkAddress, checkItems, checkOfficers, checkRegistration, checkScope, checkShareholders, industryFromScope, REGISTRATION_ITEM } from './entry-validation.ts';
import type { EntryRepository } from './entry.repository.ts';
import type { ApplicationRecord, ChangeInput, EntryInput, FlowItem, PersonInput } from './entry.types.ts';
import type { LicenceItem } from './licence.types.ts';
import type { NameService } from './name.service.ts';
import type { PermitsRepository } from './permits.repository.ts';

const APPLICANTS = ['enterprise', 'agent'];
const STAFF = ['official', 'department_officer', 'platform_admin'];
const REVIEW_PURPOSE = 'registration.review';

/** What the entry services need. */
export interface EntryDeps {
  repo: EntryRepository;
  permits: PermitsRepository;
  names: NameService;
  catalogue: () => Promise<LicenceCatalogue>;
  workflow: WorkflowServices;
  identity: Pick<IdentityService, 'listOrgs' | 'findOrgByCode'>;
  enterprises: EnterpriseRepository;
  audit: AuditService;
  evidence: EvidenceServices;
  clock: Clock;
  ids: IdGenerator;
  /** The city whose districts and streets an address may name (the demo city: 330100). */
  cityCode: string;
}

/**
 * Market entry as one thing (准入准营一网通): the entry application with its licences and the change
 * application, both run as one instance of `market_entry` on the workflow module; the applicant's list,
 * corrections in one place, certificates (PDF on download, hash recorded at issue) and their public check.
 */
export function createEntryService(deps: EntryDeps) {
  const { repo, workflow } = deps;
  let ready: Promise<void> | undefined;
  // The handlers are registered at once: after a restart the worker may run a waiting job before anyone submits.
  for (const [name, handler] of Object.entries(createEntryHandlers({ repo, permits: deps.permits, enterprises: deps.enterprises, audit: deps.audit })))
    workflow.registerHandler(name, handler);

  /** Deploys the entry process (a new version when the catalogue's review limits changed). */
  function ensureProcess(): Promise<void> {
    return (ready ??= (async () => {
      const cat = await deps.catalogue();
      const owner = (await deps.identity.findOrgByCode(`${deps.cityCode}-amr`)) ?? (await deps.identity.findOrgByCode(deps.cityCode));
      if (!owner) throw new AppError('not_ready.market_entry', `the city ${deps.cityCode} has no organisation to own the entry process`);
      await workflow.definitions.deployAs(owner.id, entryProcessXml(cat.items), { uploadedBy: null, internal: true });
    })().catch((err: unknown) => {
      ready = undefined;
      throw err;
    }));
  }

  /** Each chosen item with its department in the district (else the city's, else the district's one-stop window) and its mode and limit. */
  async function routeItems(cat: LicenceCatalogue, codes: string[], districtCode: string, townCode: string | null): Promise<FlowItem[]> {
    const orgs = await OrgDirectory.load(deps.identity);
    const routing = orgs.routingFor(districtCode, townCode);
    const window = routing.gov.district;
    const errors: FieldError[] = [];
    const items = codes.map((code, i) => {
      const item = cat.byCode.get(code)!;
      const org = routing.dept[item.department] ?? window;
      if (!org) errors.push({ field: `body.items.${i}`, rule: 'routing', message: `本区没有受理${item.name}的部门 No office of the district takes this item` });
      return flowItem(cat, item, org ?? '', !routing.dept[item.department]);
    });
    assertNoFieldErrors(errors, 'The application cannot be routed');
    return items;
  }

  function flowItem(cat: LicenceCatalogue, item: LicenceItem, org: string, window: boolean): FlowItem {
    return {
      code: item.code, name: item.name, department: item.department, departmentName: cat.department(item.department)?.zh ?? item.department,
      mode: item.mode, limit: item.timeLimitDays, org, window, requires: item.requires,
    };
  }

  /** Stores the application, starts its flow (routed to the address's district) and links the two; undoes the row when the start fails. */
  async function launch(actor: Actor, app: ApplicationRecord, facts: EntryFacts, townCode: string | null, title: string) {
    await ensureProcess();
    await repo.insert(app);
    const byStage = (pre: boolean) => app.items.filter((i) => i.code !== REGISTRATION_ITEM && (pre ? isPre(i) : !isPre(i)));
    const cat = await deps.catalogue();
    const isPre = (i: FlowItem) => cat.byCode.get(i.code)?.beforeRegistration === true;
    let instanceId: string;
    try {
      ({ instanceId } = await workflow.instances.start(actor, ENTRY_PROCESS_KEY, {
        title,
        variables: { applicationId: app.id, entry: facts, preItems: byStage(true), registration: app.items.filter((i) => i.code === REGISTRATION_ITEM), postItems: byStage(false) },
      }, { routeTo: { district: app.districtCode, town: townCode, applicantName: app.name }, internal: true, businessKey: app.id }));
    } catch (err) {
      await repo.remove(app.id);
      throw err;
    }
    await repo.setInstance(app.id, instanceId);
    await deps.audit.record({ actor, action: `market.${app.kind}.submit`, target: app.id, details: { instanceId, items: app.items.map((i) => i.code), actingFor: app.actingFor } });
    return { id: app.id, instanceId, items: app.items };
  }

  function requireApplicant(actor: Actor, what: string) {
    if (!APPLICANTS.includes(actor.role)) throw new AppError('auth.forbidden', `${what} is for enterprise accounts and their agents`);
  }

  async function readable(actor: Actor, id: string): Promise<ApplicationRecord> {
    const app = await repo.get(id);
    let ok = false;
    if (app) {
      if (actor.role === 'platform_admin') ok = true;
      else if (APPLICANTS.includes(actor.role)) ok = app.applicantOrgId === actor.org.id;
      else if (STAFF.includes(actor.role) && actor.org.divisionCode) ok = app.districtCode.startsWith(divisionPrefix(actor.org.divisionCode)) || app.items.some((i) => i.org === actor.org.code);
    }
    if (!app || !ok) throw new AppError('not_found', `application ${id} does not exist`);
    return app;
  }

  /** The application as a reader sees it: identity numbers masked except for the officials handling it (then audited). */
  async function shape(actor: Actor, app: ApplicationRecord) {
    const policy = maskingPolicyFor(actor.role, STAFF.includes(actor.role) ? REVIEW_PURPOSE : undefined);
    const mask = (p: PersonInput) => ({ ...p, name: maskPersonal(p.name, 'name', { clear: policy.clear.name || APPLICANTS.includes(actor.role) }), idNumber: maskPersonal(p.idNumber, 'idNumber', { clear: policy.clear.idNumber }), phone: p.phone ? maskPersonal(p.phone, 'phone', { clear: policy.clear.phone || APPLICANTS.includes(actor.role) }) : p.phone });
    const form = app.form as EntryInput & ChangeInput;
    if (policy.clear.idNumber) await deps.audit.record({ actor, action: 'market.application.read', target: app.id, purpose: REVIEW_PURPOSE, personal: true });
    const certificates = await certificateViews(app.id);
    return {
      id: app.id, kind: app.kind, status: app.status, name: app.name, uscc: app.uscc, districtCode: app.districtCode, instanceId: app.instanceId, actingFor: app.actingFor,
      submittedAt: app.submittedAt, finishedAt: app.finishedAt, outcome: app.outcome, items: app.items,
      form: { ...form, shareholders: form.shareholders?.map((s) => ({ ...s, ...mask(s) })), officers: form.officers?.map((o) => ({ ...o, ...mask(o) })) },
      certificates,
    };
  }

  async function certificateViews(applicationId: string) {
    const certs = await repo.certificatesOf(applicationId);
    const permits = new Map((await Promise.all([...new Set(certs.map((c) => c.uscc))].map((u) => deps.permits.ofCompany(u, true)))).flat().map((p) => [p.certificateNo, p]));
    return certs.map((c) => ({
      certificateNo: c.certificateNo, kind: c.content.kind, itemCode: c.content.itemCode, itemName: c.content.itemName, departmentName: c.content.departmentName, issuedAt: c.issuedAt,
      status: permits.get(c.certificateNo)?.status ?? 'valid', contentHash: c.contentHash, logIndex: c.logIndex,
    }));
  }

  const service = {
    ensureProcess,

    /** Submits an entry application: every check names its field and rule; then one flow instance runs it. */
    async submit(actor: Actor, input: EntryInput) {
      requireApplicant(actor, 'Applying for entry');
      const cat = await deps.catalogue();
      const today = beijingToday(deps.clock.now());
      const scope = checkScope(cat, input.scopeCodes, 'body.scopeCodes');
      const errors: FieldError[] = [
        ...checkRegistration(input.legalForm, input.registeredCapitalYuan),
        ...checkAddress(input.address, 'body.address', deps.cityCode),
        ...scope.errors,
        ...checkItems(cat, input.items, new Set(), 'body.items'),
        ...checkShareholders(input.shareholders, input.registeredCapitalYuan, 'body.shareholders', today),
        ...checkOfficers(input.officers, 'body.officers', today),
      ];
      if (input.items?.some((c) => cat.byCode.get(c)?.mode === 'commitment') && input.commitment !== true)
        errors.push({ field: 'body.commitment', rule: 'commitment.required', message: '所选事项实行告知承诺制，须签署承诺书 Sign the commitment for the commitment items' });
      if (errors.length === 0 || !errors.some((e) => e.field.startsWith('body.address.districtCode') || e.field === 'body.legalForm')) {
        const name = await deps.names.check(actor, { name: input.name, legalForm: input.legalForm, districtCode: input.address.districtCode });
        errors.push(...name.problems.map((p) => ({ field: 'body.name', rule: p.rule, message: `${p.message}（${p.basis}）` })));
        if (name.acceptable && (await repo.nameInFlight(name.name))) errors.push({ field: 'body.name', rule: 'name.taken.pending', message: `名称“${name.name}”正在另一件申请中办理 The name is held by another application` });
        input = { ...input, name: name.name };
      }
      assertNoFieldErrors(errors, 'The entry application has errors');
      const id = deps.ids.next('mea');
      const items = await routeItems(cat, [REGISTRATION_ITEM, ...input.items], input.address.districtCode, input.address.townCode);
      const legalRep = input.officers.find((o) => o.position === 'legal_rep')!;
      const facts: EntryFacts = {
        scopeText: scope.entries.map((e) => e.wording).join('；'), industryCode: industryFromScope(scope.entries), address: `${fullAddress(input.address.townCode)}${input.address.detail.trim()}`,
        legalRepName: legalRep.name, capitalYuan: input.registeredCapitalYuan, held: [], replacePermitIds: [],
      };
      const app: ApplicationRecord = {
        id, kind: 'entry', status: 'running', applicantOrgId: actor.org.id, applicantUserId: actor.userId, actingFor: input.actingFor ?? null, uscc: null, name: input.name,
        districtCode: input.address.districtCode, items, form: input, instanceId: null, submittedAt: deps.clock.now().toISOString(), finishedAt: null, outcome: null,
      };
      return launch(actor, app, facts, input.address.townCode, `企业开办：${input.name}`);
    },

    /**
     * What a change would touch: a new scope's licences not yet held, every district-level permit when the
     * address leaves the district (re-issued by the new district's departments), the permits that print the
     * legal representative when officers change.
     */
    async changeImpact(actor: Actor, input: ChangeInput) {
      requireApplicant(actor, 'Changing a registration');
      const company = await deps.enterprises.get({ kind: 'all' }, input.uscc);
      if (!company || (actor.enterpriseUscc !== input.uscc && !input.actingFor)) throw new AppError('not_found', `company ${input.uscc} does not exist`);
      if (company.status !== 'active') throw new AppError('market.change.inactive', `${company.name} is ${company.status}`);
      const cat = await deps.catalogue();
      const today = beijingToday(deps.clock.now());
      const held = await deps.permits.ofCompany(input.uscc);
      const heldCodes = new Set(held.map((p) => p.itemCode));
      const errors: FieldError[] = [];
      if (!input.address && !input.scopeCodes && !input.officers) errors.push({ field: 'body', rule: 'change.empty', message: '请至少变更住所、经营范围或主要人员之一 Change the address, the scope or the officers' });
      if (input.address) errors.push(...checkAddress(input.address, 'body.address', deps.cityCode));
      const scope = input.scopeCodes ? checkScope(cat, input.scopeCodes, 'body.scopeCodes') : { errors: [], entries: [] };
      errors.push(...scope.errors);
      if (input.officers) errors.push(...checkOfficers(input.officers, 'body.officers', today));
      errors.push(...checkItems(cat, input.items ?? [], heldCodes, 'body.items'));
      assertNoFieldErrors(errors, 'The change application has errors');
      const affected = new Map<string, string>();
      for (const e of scope.entries) for (const code of e.licences) if (!heldCodes.has(code) && cat.byCode.get(code)?.active && code !== REGISTRATION_ITEM) affected.set(code, `新增经营范围「${e.wording}」需办理`);
      const moves = input.address && input.address.districtCode !== company.districtCode;
      for (const p of held) {
        const item = cat.byCode.get(p.itemCode);
        if (!item || item.code === REGISTRATION_ITEM) continue;
        if (moves && item.level === 'district') affected.set(item.code, '住所迁出原区县，须向新住所地部门重新办理');
        else if (input.officers && item.facts.some((f) => f.startsWith('legal_rep'))) affected.set(item.code, '许可证载明法定代表人，随变更换发');
        else if (input.address && item.facts.includes('address')) affected.set(item.code, '许可证载明住所，随变更换发');
      }
      for (const code of input.items ?? []) if (!affected.has(code)) affected.set(code, '申请人选择一并办理');
      return {
        company: { uscc: company.uscc, name: company.name, districtCode: company.districtCode },
        reroutes: Boolean(moves),
        items: [...affected].map(([code, reason]) => ({ code, name: cat.byCode.get(code)?.name ?? code, reason, mode: cat.byCode.get(code)?.mode ?? 'review' })),
        held, scopeEntries: scope.entries, company0: company,
      };
    },

    /** Submits a change: the licences it affects run with the change registration, routed to the (new) district. */
    async change(actor: Actor, input: ChangeInput) {
      const impact = await service.changeImpact(actor, input);
      const company = impact.company0;
      if (await repo.runningFor(company.uscc)) throw new AppError('conflict', `${company.name} has an application running`);
      const cat = await deps.catalogue();
      const codes = impact.items.map((i) => i.code);
      const prereq = checkItems(cat, codes, new Set(impact.held.map((p) => p.itemCode)), 'body.items');
      assertNoFieldErrors(prereq, 'The change needs more licences');
      if (codes.some((c) => cat.byCode.get(c)?.mode === 'commitment') && input.commitment !== true)
        assertNoFieldErrors([{ field: 'body.commitment', rule: 'commitment.required', message: '所选事项实行告知承诺制，须签署承诺书 Sign the commitment' }]);
      const districtCode = input.address?.districtCode ?? company.districtCode;
      const townCode = input.address?.townCode ?? company.townCode;
      const items = await routeItems(cat, [REGISTRATION_ITEM, ...codes], districtCode, townCode);
      const legalRep = input.officers?.find((o) => o.position === 'legal_rep');
      const facts: EntryFacts = {
        scopeText: impact.scopeEntries.length ? impact.scopeEntries.map((e) => e.wording).join('；') : '（未变更）',
        industryCode: impact.scopeEntries.length ? industryFromScope(impact.scopeEntries) : company.industryCode,
        address: input.address ? `${fullAddress(input.address.townCode)}${input.address.detail.trim()}` : company.address,
        legalRepName: legalRep?.name ?? company.legalRepName, capitalYuan: company.registeredCapitalFen / 100,
        held: impact.held.map((p) => p.itemCode), replacePermitIds: impact.held.filter((p) => p.itemCode === REGISTRATION_ITEM || codes.includes(p.itemCode)).map((p) => p.id),
      };
      const app: ApplicationRecord = {
        id: deps.ids.next('mea'), kind: 'change', status: 'running', applicantOrgId: actor.org.id, applicantUserId: actor.userId, actingFor: input.actingFor ?? null, uscc: company.uscc,
        name: company.name, districtCode, items, form: { ...input, before: { address: company.address, districtCode: company.districtCode, legalRepName: company.legalRepName } },
        instanceId: null, submittedAt: deps.clock.now().toISOString(), finishedAt: null, outcome: null,
      };
      return launch(actor, app, facts, townCode, `变更登记：${company.name}`);
    },

    /** The actor's applications (applicants: their organisation's; officials: their division's; administrators: all), newest first. */
    async list(actor: Actor, limit = 100) {
      let apps: ApplicationRecord[];
      if (APPLICANTS.includes(actor.role)) apps = await repo.ofOrg(actor.org.id, limit);
      else if (actor.role === 'platform_admin') apps = await repo.inDivision('', limit);
      else if (STAFF.includes(actor.role) && actor.org.divisionCode) apps = await repo.inDivision(divisionPrefix(actor.org.divisionCode), limit);
      else throw new AppError('auth.forbidden', 'Your role sees no market applications');
      return Promise.all(apps.map(async (a) => ({
        id: a.id, kind: a.kind, status: a.status, name: a.name, uscc: a.uscc, districtCode: a.districtCode, instanceId: a.instanceId, submittedAt: a.submittedAt, finishedAt: a.finishedAt,
        items: a.items.map((i) => ({ code: i.code, name: i.name, mode: i.mode, departmentName: i.departmentName })), certificates: a.outcome?.certificates.length ?? 0,
      })));
    },

    /** One application with progress (the flow's timeline for the applicant) and certificates. */
    async get(actor: Actor, id: string) {
      const app = await readable(actor, id);
      const view = await shape(actor, app);
      const progress = app.instanceId && APPLICANTS.includes(actor.role) ? await workflow.instances.progress(actor, app.instanceId) : null;
      return { ...view, progress };
    },

    /** Every open correction request of the actor's running applications, in one place. */
    async corrections(actor: Actor) {
      requireApplicant(actor, 'Answering corrections');
      const running = (await repo.ofOrg(actor.org.id, 500)).filter((a) => a.status === 'running' && a.instanceId);
      const out = [];
      for (const a of running) {
        const p = await workflow.instances.progress(actor, a.instanceId!);
        for (const c of p.corrections) if (!c.answeredAt) out.push({ applicationId: a.id, applicationName: a.name, instanceId: a.instanceId!, ...c });
      }
      return out;
    },

    /** Answers one correction request: the returned item's clock runs again. */
    async answerCorrection(actor: Actor, applicationId: string, correctionId: string, answer: string) {
      const app = await readable(actor, applicationId);
      requireApplicant(actor, 'Answering corrections');
      await workflow.instances.answerCorrection(actor, app.instanceId!, correctionId, answer);
      await deps.audit.record({ actor, action: 'market.correction.answer', target: app.id, details: { correctionId } });
    },

    /** A certificate's PDF for its holder (or staff): rendered from the content whose hash was recorded at issue. */
    async certificatePdf(actor: Actor, no: string, baseUrl: string) {
      const cert = await repo.certificate(no);
      if (!cert) throw new AppError('not_found', `certificate ${no} does not exist`);
      await readable(actor, cert.applicationId);
      const pdf = await renderEntryCertificate(cert.content, cert.contentHash, baseUrl);
      return { pdf, fileName: `${no}.pdf` };
    },

    /** The public check of a certificate (no login): number, company, item, department, status, and whether its content still matches the recorded hash. */
    async verify(no: string) {
      const cert = await repo.certificate(no);
      if (!cert) throw new AppError('not_found', `certificate ${no} does not exist`);
      const permit = (await deps.permits.ofCompany(cert.uscc, true)).find((p) => p.certificateNo === no);
      return {
        certificateNo: no, kind: cert.content.kind, companyName: cert.content.companyName, uscc: cert.uscc, itemCode: cert.content.itemCode, itemName: cert.content.itemName,
        departmentName: cert.content.departmentName, issuedAt: cert.issuedAt, status: permit?.status ?? 'valid', cancelledAt: permit?.cancelledAt ?? null,
        contentHash: cert.contentHash, hashMatches: certificateHash(cert.content) === cert.contentHash && (permit?.documentHash ?? cert.contentHash) === cert.contentHash,
        evidence: { log: CERTIFICATE_LOG, logIndex: cert.logIndex, sealedAt: cert.sealedAt },
      };
    },

    /** Appends the hashes of newly issued certificates to the evidence log (what the evidence log picks up); returns how many. One run at a time. */
    sealCertificates(batch = 500): Promise<number> {
      const run = sealing.then(() => sealNow(batch), () => sealNow(batch));
      sealing = run.catch(() => 0);
      return run;
    },
  };

  let sealing: Promise<number> = Promise.resolve(0);
  async function sealNow(batch: number): Promise<number> {
    if (!deps.evidence.vault.ready) return 0;
    const log = await deps.evidence.log(CERTIFICATE_LOG, { hashSuite: 'sha256' });
    let total = 0;
    for (;;) {
      const certs = await repo.unsealed(batch);
      if (certs.length === 0) break;
      const at = deps.clock.now().toISOString();
      const entries = await Promise.all(certs.map((c) => log.append({ kind: 'market.certificate', certificateNo: c.certificateNo, uscc: c.uscc, issuedAt: c.issuedAt, sha256: c.contentHash })));
      for (let i = 0; i < certs.length; i++) await repo.markSealed(certs[i].certificateNo, entries[i].index, at);
      total += certs.length;
      if (certs.length < batch) break;
    }
    if (total) await log.publish().catch(() => undefined);
    return total;
  }
  return service;
}

/** The entry service's interface. */
export type EntryService = ReturnType<typeof createEntryService>;
