// Seeds the demo city's processes and a few dozen applications at realistic times: the events of
// every application (start, each task completed, returned for correction, answered, rated) are
// planned over the last weeks and replayed in time order on a clock that moves with them, so
// deadlines, warnings and handling days come out as they would have.
import type { Database } from '../../../db/index.ts';
import { createFixedClock, type Clock } from '../../../kernel/clock.ts';
import type { IdGenerator } from '../../../kernel/ids.ts';
import { createRandom, type Random } from '../../demo/random.ts';
import type { IdentityService } from '../../identity/identity.service.ts';
import type { Actor, Org } from '../../identity/identity.types.ts';
import type { EnterpriseRepository } from '../../registry/enterprise.repository.ts';
import type { EnterpriseRecord } from '../../registry/enterprise.types.ts';
import { createWorkflowServices } from '../workflow.services.ts';
import { DEREGISTRATION_XML, RESTAURANT_XML } from './demo-processes.ts';

/** What seeding the demo processes needs (a subset of the platform services). */
export interface DemoWorkflowDeps {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  identity: Pick<IdentityService, 'listOrgs' | 'findOrgByCode' | 'findOrgById' | 'findUserByUsername' | 'actorForUserId'>;
  enterpriseRepository: Pick<EnterpriseRepository, 'list' | 'get'>;
}

/** What `seedDemoWorkflows` did. */
export interface DemoWorkflowResult {
  definitions: number;
  instances: number;
  completed: number;
  ratings: number;
}

type Event =
  | { at: number; kind: 'start'; plan: Plan }
  | { at: number; kind: 'complete' | 'return' | 'answer' | 'rate'; plan: Plan };

interface Plan {
  index: number;
  key: 'open_restaurant' | 'company_deregistration';
  applicant: Actor;
  title: string;
  instanceId?: string;
  correctionId?: string;
  /** Whether to rate once completed (not the demo account's first, which is left for the visitor to rate). */
  rate: boolean;
  random: Random;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SHOPS = ['湖畔小馆', '龙井人家', '知味面馆', '西溪农家菜', '南山咖啡', '楼外春', '青芝坞食堂', '灵隐素斋', '满觉陇茶餐厅', '断桥馄饨'];

/** The same moment, or the next one in office hours (Monday–Friday 9:00–18:00 Beijing time): when officials act. */
function inOfficeHours(at: number): number {
  const beijing = (t: number) => new Date(t + 8 * HOUR);
  let t = at;
  for (let i = 0; i < 7; i++) {
    const d = beijing(t);
    const hour = d.getUTCHours();
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    if (!weekend && hour >= 9 && hour < 18) return t;
    // To 9:00 Beijing time of this day (before 9) or the next day.
    const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - 8 * HOUR;
    t = (hour < 9 && !weekend ? midnight : midnight + DAY) + 9 * HOUR + (at % HOUR);
  }
  return t;
}

function formFor(elementId: string, r: Random): Record<string, unknown> {
  switch (elementId) {
    case 'accept': return { accepted: r.chance(0.93), opinion: '材料齐全，予以受理' };
    case 'check_food': case 'check_health': case 'check_fire': return { passed: true, opinion: '现场核查符合要求' };
    case 'approve': return { approved: r.chance(0.92), opinion: '经联合审查，同意', seats: r.int(20, 160) };
    case 'tax_clearance': return { cleared: true, opinion: '税款已结清' };
    default: return { opinion: '同意' };
  }
}

/** A synthetic applicant: a generated company without an account (its progress is nobody's to read). */
function syntheticApplicant(firm: EnterpriseRecord): Actor {
  const org: Org = { id: `demo:${firm.uscc}`, code: firm.uscc, name: firm.name, nameEn: firm.uscc, kind: 'enterprise', parentId: null, divisionCode: firm.districtCode };
  return { userId: `demo:${firm.uscc}`, username: firm.uscc, displayName: firm.legalRepName, role: 'enterprise', org, enterpriseUscc: firm.uscc, sessionId: null, ip: null };
}

/**
 * Deploys 开办餐馆一件事 (owned by 西湖区) and 企业注销一件事 (owned by 西湖区市场监管局) and plays
 * `instances` applications over the last five weeks; does nothing when they are there already
 * or the demo org tree is missing.
 */
export async function seedDemoWorkflows(deps: DemoWorkflowDeps, options: { instances?: number; seed?: number } = {}): Promise<DemoWorkflowResult> {
  const none = { definitions: 0, instances: 0, completed: 0, ratings: 0 };
  const [xihu, xihuAmr] = await Promise.all([deps.identity.findOrgByCode('330106'), deps.identity.findOrgByCode('330106-amr')]);
  if (!xihu || !xihuAmr) return none;
  const now = deps.clock.now().getTime();
  const clock = createFixedClock(new Date(now - 40 * DAY));
  const wf = createWorkflowServices({ database: deps.database, clock, ids: deps.ids, identity: deps.identity, enterprises: deps.enterpriseRepository });
  if (await wf.engine.getDefinition('open_restaurant')) return none;
  await wf.definitions.deployAs(xihu.id, RESTAURANT_XML, { uploadedBy: null });
  await wf.definitions.deployAs(xihuAmr.id, DEREGISTRATION_XML, { uploadedBy: null });
  await wf.ensurePlatformProcesses();

  // Who completes tasks routed to each organisation: its demo account where there is one.
  const staff = new Map<string, Actor>();
  for (const username of ['xihu-official', 'binjiang-official', 'amr-officer', 'health-officer', 'fire-officer', 'tax-officer']) {
    const user = await deps.identity.findUserByUsername(username);
    if (user) {
      const actor = await deps.identity.actorForUserId(user.id);
      staff.set(actor.org.code, actor);
    }
  }
  const demoUser = await deps.identity.findUserByUsername('enterprise');
  const demoApplicant = demoUser ? await deps.identity.actorForUserId(demoUser.id) : undefined;
  const firms = [
    ...(await deps.enterpriseRepository.list({ kind: 'all' }, { districtCode: '330106', status: 'active' }, 1, 30)).items,
    ...(await deps.enterpriseRepository.list({ kind: 'all' }, { districtCode: '330108', status: 'active' }, 1, 10)).items,
  ].filter((f) => f.uscc !== demoApplicant?.enterpriseUscc);
  if (firms.length === 0) return { ...none, definitions: 2 };

  const count = options.instances ?? 40;
  const events: Event[] = [];
  for (let i = 0; i < count; i++) {
    const r = createRandom(options.seed ?? 6, 1000 + i);
    const demo = i < 3 && demoApplicant ? demoApplicant : undefined;
    const key = !demo && i % 4 === 3 ? 'company_deregistration' : 'open_restaurant';
    const firm = firms[i % firms.length];
    const applicant = demo ?? syntheticApplicant(firm);
    const title = key === 'open_restaurant' ? `开办餐馆：${SHOPS[i % SHOPS.length]}` : `企业注销：${firm.name}`;
    const plan: Plan = { index: i, key, applicant, title, rate: !(demo && i === 0), random: r };
    // The demo account's three: one finished a month ago, one at the departments' checks, one returned for correction.
    const ageDays = demo ? [32, 3, 2][i] : 0.3 + r.next() * 18;
    let at = Math.floor((now - ageDays * DAY) / HOUR) * HOUR;
    events.push({ at, kind: 'start', plan });
    const steps = key === 'open_restaurant' ? 5 : 4;
    for (let s = 0; s < steps; s++) {
      if (s === 0 && (demo ? i === 2 : r.chance(0.12))) {
        at = inOfficeHours(at + r.int(2, 6) * HOUR);
        events.push({ at, kind: 'return', plan });
        if (demo) break;
        at += r.int(20, 70) * HOUR;
        events.push({ at, kind: 'answer', plan });
      }
      // The departments' checks run side by side: each finishes a day or two after the previous one.
      const stall = !demo && r.chance(0.15) ? r.int(3, 6) : 1;
      const gap = s > 0 && s < steps - 1 ? r.int(4, 36) : r.int(8, 96);
      at = inOfficeHours(at + (demo && i === 1 && s > 0 ? 40 : gap) * HOUR * stall);
      if (demo && i === 1 && s >= 2) break;
      events.push({ at, kind: 'complete', plan });
    }
  }

  const result: DemoWorkflowResult = { definitions: 2, instances: 0, completed: 0, ratings: 0 };
  const pending = events.filter((e) => e.at < now - 10 * 60_000).sort((a, b) => a.at - b.at);
  while (pending.length > 0) {
    const event = pending.shift()!;
    const { plan } = event;
    clock.set(new Date(event.at));
    await wf.engine.runDueJobs(200);
    if (event.kind === 'start') {
      plan.instanceId = (await wf.instances.start(plan.applicant, plan.key, { title: plan.title })).instanceId;
      result.instances++;
      continue;
    }
    const state = plan.instanceId ? await wf.engine.getInstance(plan.instanceId) : undefined;
    if (!state || (state.status !== 'running' && event.kind !== 'rate')) continue;
    const open = [...state.tasks.values()].filter((t) => t.state === 'open').sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    if (event.kind === 'return' && open[0] && staff.has(open[0].candidateOrg ?? '')) {
      plan.correctionId = (await wf.tasks.returnForCorrection(staff.get(open[0].candidateOrg!)!, open[0].id, '请补充营业场所平面布局图和排烟设施说明')).correctionId;
    } else if (event.kind === 'answer' && plan.correctionId) {
      await wf.instances.answerCorrection(plan.applicant, plan.instanceId!, plan.correctionId, '已补充上传平面布局图及排烟设施说明');
    } else if (event.kind === 'complete' && open[0]) {
      await wf.engine.completeTask(open[0].id, formFor(open[0].elementId, plan.random), staff.get(open[0].candidateOrg ?? '')?.userId ?? null);
      await wf.engine.runDueJobs(200);
      if ((await wf.engine.getInstance(plan.instanceId!))?.status === 'completed') {
        result.completed++;
        if (plan.rate && plan.random.chance(0.65)) {
          pending.push({ at: event.at + plan.random.int(4, 48) * HOUR, kind: 'rate', plan });
          pending.sort((a, b) => a.at - b.at);
        }
      }
    } else if (event.kind === 'rate' && event.at < now && state.status === 'completed') {
      const score = plan.random.pick([5, 5, 5, 5, 4, 4, 3, 2, 1]);
      await wf.instances.rate(plan.applicant, plan.instanceId!, { score, comment: score <= 2 ? '办理时间长，多次往返补材料' : score === 5 ? '全程网办，很方便' : undefined });
      result.ratings++;
    }
  }
  clock.set(new Date(now));
  await wf.engine.drain();
  return result;
}
