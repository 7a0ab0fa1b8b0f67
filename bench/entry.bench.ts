// Entry bench: `npm run bench -- entry [--n 10000] [--concurrency 64]`.
// 10,000 entry applications ("one thing": a company with 5 licences each, all decided automatically or on
// commitment) submitted through the entry service on a file SQLite database and run through the flow
// (registration, the 5 items in parallel, the issue of the business licence and 5 permits together, the
// company in the register with a new USCC) until every application is issued. The flow engine runs with
// group commit (inline service tasks). Certificates' PDFs are rendered on download; the hash recorded at
// issue is of the certificate's content, which the PDF prints. Last line: RESULT {"entry_10k_s":…}.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase } from '../src/db/index.ts';
import { systemClock } from '../src/kernel/clock.ts';
import { createIdGenerator } from '../src/kernel/ids.ts';
import { createPlatformServices } from '../src/platform/platform.ts';
import { allMigrations } from '../src/scenarios/index.ts';
import { buildEntryInput, buildIdNumber } from '../src/scenarios/market-entry/entry.testing.ts';
import { entryOf } from '../src/scenarios/market-entry/entry.ts';
import { parseName } from '../src/scenarios/market-entry/name-check.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const N = Number(arg('n', '10000'));
const CONCURRENCY = Number(arg('concurrency', '64'));
const ITEMS = ['tax_registration_info', 'social_insurance_registration', 'seal_filing', 'bank_account_filing', 'medical_insurance_registration'];
// Trade names (字号) of two characters from this set (about 55² ≈ 3,000), three characters beyond that.
const CHARS = [...new Set('澜岚峰骏晨曦瀚宇睿哲锦程泓远拓维嘉禾博雅清源汇智鼎盛恒信昊天卓越翔星辰海纳云帆明德润泽立方致启航弘毅同舟成华瑞')];

function tradeName(i: number): string {
  const c = CHARS.length;
  return i < c * c ? CHARS[Math.floor(i / c)] + CHARS[i % c] : CHARS[Math.floor(i / (c * c)) % c] + CHARS[Math.floor(i / c) % c] + CHARS[i % c];
}

// Names the name rules accept (a trade name must not be a division's name such as 德清), found before the clock starts.
const NAMES: string[] = [];
for (let i = 0; NAMES.length < N; i++) {
  const name = `杭州${tradeName(i)}网络科技有限公司`;
  if (parseName(name, { legalForm: 'llc', districtCode: '330106' }).problems.length === 0) NAMES.push(name);
}

const dir = mkdtempSync(join(tmpdir(), 'onething-entry-bench-'));
const database = await openDatabase(`sqlite:${join(dir, 'entry.db')}`);
try {
  await migrateToLatest(database, allMigrations);
  const platform = createPlatformServices({ database, clock: systemClock, ids: createIdGenerator(), flowGroupCommit: true });
  const { identity } = platform;
  const city = await identity.createOrg({ code: '330100', name: '杭州市', nameEn: 'Hangzhou', kind: 'city', parentId: null, divisionCode: '330100' });
  const xihu = await identity.createOrg({ code: '330106', name: '西湖区', nameEn: 'Xihu', kind: 'district', parentId: city.id, divisionCode: '330106' });
  for (const kind of ['amr', 'tax', 'hrss', 'police']) await identity.createOrg({ code: `330106-${kind}`, name: `西湖区${kind}`, nameEn: kind, kind: 'department', parentId: xihu.id, divisionCode: '330106' });
  await identity.createOrg({ code: '330100-amr', name: '杭州市市场监督管理局', nameEn: 'AMR', kind: 'department', parentId: city.id, divisionCode: '330100' });
  const applicantOrg = await identity.createOrg({ code: 'bench-applicant', name: '开办申请人', nameEn: 'applicant', kind: 'enterprise', parentId: xihu.id, divisionCode: '330106' });
  const user = await identity.createUser({ username: 'bench-applicant', displayName: '申请人', password: 'Bench@Passw0rd1', role: 'agent', orgId: applicantOrg.id, enterpriseUscc: null });
  const actor = await identity.actorForUserId(user.id);
  const entry = entryOf(platform);
  await entry.ensureProcess();
  const engine = platform.workflow.engine;

  const started = performance.now();
  let next = 0;
  let submitted = 0;
  const worker = async () => {
    for (let i = next++; i < N; i = next++) {
      const person = { name: '林晓峰', idNumber: buildIdNumber('19880512', (i % 900) + 100), phone: '13812345678' };
      await entry.submit(actor, buildEntryInput({
        name: NAMES[i], scopeCodes: ['I009'], items: ITEMS, registeredCapitalYuan: 100_000,
        shareholders: [{ ...person, subscribedYuan: 100_000 }], officers: [{ ...person, position: 'legal_rep' }],
      }));
      submitted++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const submittedAt = performance.now();
  // Jobs the inline group commit left (a batch that ran again step by step) are run by the worker's rounds.
  while ((await engine.runDueJobs()) > 0);
  const seconds = (performance.now() - started) / 1000;
  const issued = Number((await database.kysely.selectFrom('market_applications' as never).select((eb) => eb.fn.countAll<number>().as('n')).where('status' as never, '=', 'issued' as never).executeTakeFirstOrThrow() as { n: number }).n);
  const permits = Number((await database.kysely.selectFrom('market_permits' as never).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow() as { n: number }).n);
  const registered = Number((await database.kysely.selectFrom('enterprises' as never).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow() as { n: number }).n);
  console.log(`submitted ${submitted} in ${((submittedAt - started) / 1000).toFixed(1)} s; issued ${issued}; permits ${permits}; register ${registered}; total ${seconds.toFixed(1)} s; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (issued !== N || permits !== N * (ITEMS.length + 1)) throw new Error(`expected ${N} issued applications and ${N * (ITEMS.length + 1)} permits`);
  console.log(`RESULT ${JSON.stringify({ entry_10k_s: Number(seconds.toFixed(1)), n: N, items_per_application: ITEMS.length, concurrency: CONCURRENCY })}`);
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
