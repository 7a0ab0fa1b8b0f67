// A few hundred past entry applications in the demo city, so the monitoring pages and the officials'
// inboxes have something to show: planned over the last 60 days and replayed in time order on a clock
// that moves with them (as the workflow demo does), decisions by the departments after a few working
// days, some corrections, and the most recent applications still running.
import { childrenOf } from '../../kernel/divisions.ts';
import { createFixedClock } from '../../kernel/clock.ts';
import type { Actor } from '../../platform/identity/identity.types.ts';
import type { PlatformServices } from '../../platform/platform.ts';
import { DEMO_CITY_CODE } from '../../platform/platform.ts';
import { createWorkflowServices } from '../../platform/workflow/workflow.services.ts';
import { createEntryRepository } from './entry.repository.ts';
import { createEntryService } from './entry.service.ts';
import { buildEntryInputFor } from './entry-demo-data.ts';
import { suggestLicences } from './guidance.ts';
import { marketEntryOf } from './market-entry.ts';
import { parseName } from './name-check.ts';
import { createPermitsRepository } from './permits.repository.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Wordings whose licences the demo city's departments (or the district's window) decide: restaurants,
// shops, software, logistics, clinics, training, venues.
const SCOPES = [['H001'], ['F015'], ['I009'], ['I009', 'I001'], ['G003'], ['Q001'], ['C001'], ['L001'], ['H001', 'R026'], ['F012'], ['C017'], ['F020']];
const TRADE = [...new Set('澄霁澜岚峰骏晨曦瀚宇睿哲锦程泓拓维嘉禾博雅汇智鼎盛恒信昊卓越翔星辰纳帆润泽立方启航弘毅同舟华瑞')];
const INDUSTRY: Record<string, string> = { H: '餐饮管理', F: '商贸', I: '网络科技', G: '物流', Q: '健康管理', C: '食品', L: '人力资源', R: '文化传媒' };

/** Seeds `count` past entry applications once (none when the table has any); returns how many were submitted. */
export async function seedEntryDemo(platform: PlatformServices, count = 200): Promise<number> {
  const repo = createEntryRepository(platform.database);
  if ((await repo.inDivision('', 1)).length > 0) return 0;
  const agentUser = await platform.identity.findUserByUsername('agent');
  const ownUser = await platform.identity.findUserByUsername('enterprise');
  if (!agentUser || !ownUser) return 0;
  const agent = await platform.identity.actorForUserId(agentUser.id);
  const own = await platform.identity.actorForUserId(ownUser.id);
  const now = platform.clock.now().getTime();
  const clock = createFixedClock(new Date(now - 60 * DAY));
  const wf = createWorkflowServices({ database: platform.database, clock, ids: platform.ids, identity: platform.identity, enterprises: platform.enterpriseRepository });
  const market = marketEntryOf(platform);
  const entry = createEntryService({
    repo, permits: createPermitsRepository(platform.database), names: market.names, catalogue: () => market.catalogue.load(), workflow: wf, identity: platform.identity,
    enterprises: platform.enterpriseRepository, audit: platform.audit, evidence: platform.evidence, clock, ids: platform.ids, cityCode: DEMO_CITY_CODE,
  });
  const cat = await market.catalogue.load();
  const staff = new Map<string, Actor>();
  for (const username of ['amr-officer', 'health-officer', 'fire-officer', 'tax-officer']) {
    const user = await platform.identity.findUserByUsername(username);
    if (user) {
      const actor = await platform.identity.actorForUserId(user.id);
      staff.set(actor.org.code, actor);
    }
  }
  const districts = ['330106', '330106', '330106', '330108', '330105', '330110'];
  let seed = 20260301;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];

  type Ev = { at: number; run: () => Promise<void> };
  const events: Ev[] = [];
  const drain = async () => {
    while ((await wf.engine.runDueJobs()) > 0);
  };
  let submitted = 0;
  let nameIndex = 0;
  for (let i = 0; i < count; i++) {
    const scope = pick(SCOPES);
    const district = pick(districts);
    const town = pick(childrenOf(district)).code;
    let name = '';
    while (!name) {
      const n = nameIndex++;
      const candidate = `杭州${TRADE[n % TRADE.length]}${TRADE[Math.floor(n / TRADE.length) % TRADE.length]}${n >= TRADE.length ** 2 ? TRADE[Math.floor(n / TRADE.length ** 2) % TRADE.length] : ''}${INDUSTRY[scope[0][0]]}有限公司`;
      if (parseName(candidate, { legalForm: 'llc', districtCode: district }).problems.length === 0) name = candidate;
    }
    const items = suggestLicences(cat, { scopeCodes: scope }).items.map((x) => x.code).filter((c) => c !== 'business_licence');
    const applicant = i % 40 === 0 ? own : agent;
    const at = now - 60 * DAY + Math.floor((i / count) * 58 * DAY) + Math.floor(random() * 8 * HOUR);
    events.push({
      at,
      run: async () => {
        let started: Awaited<ReturnType<typeof entry.submit>>;
        try {
          started = await entry.submit(applicant, buildEntryInputFor(name, district, town, scope, items, i));
        } catch {
          return; // a name the register already holds: the demo skips it
        }
        submitted++;
        await drain();
        // Each reviewed item is decided 1–12 days later; one in eight is first returned for correction.
        for (const task of await wf.engine.listTasks({ instanceId: started.instanceId, states: ['open'] })) {
          const officer = task.candidateOrg ? staff.get(task.candidateOrg) : undefined;
          const decideAt = clock.now().getTime() + (1 + Math.floor(random() * 12)) * DAY;
          if (officer && random() < 0.125) {
            events.push({ at: clock.now().getTime() + DAY, run: async () => { await wf.tasks.returnForCorrection(officer, task.id, '请补充经营场所平面图及产权证明'); } });
            events.push({
              at: clock.now().getTime() + 3 * DAY,
              run: async () => {
                const progress = await wf.instances.progress(applicant, started.instanceId);
                const open = progress.corrections.find((c) => !c.answeredAt);
                if (open) await wf.instances.answerCorrection(applicant, started.instanceId, open.id, '已补充上传');
              },
            });
          }
          if (decideAt < now) events.push({ at: decideAt + 4 * DAY, run: async () => { await wf.engine.completeTask(task.id, { approved: random() > 0.04, opinion: '经审查符合法定条件' }, officer?.userId ?? 'demo'); await drain(); } });
        }
      },
    });
  }
  // Events run in time order; those added while running (decisions, corrections) join the queue.
  while (events.length) {
    events.sort((a, b) => a.at - b.at);
    const next = events.shift()!;
    if (next.at > now) continue;
    clock.set(new Date(next.at));
    try {
      await next.run();
    } catch {
      // A task already decided or cancelled: the demo moves on.
    }
  }
  clock.set(new Date(now));
  await drain();
  return submitted;
}
