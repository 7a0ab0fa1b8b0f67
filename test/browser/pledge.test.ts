// The data-IP pledge in real Chromium (issue 8): a company registers a data asset with its file
// hashed in the page, gets the certificate; a bank values, pledges and lends, then verifies the
// file on the verification page, where every check runs in the browser and passes. Before it, the
// page's verifier (web/src/pages/pledge/browser-verify.ts) is checked against the ledger engine's
// proofs in Node, tampered ones included. Skipped, with a message, where Chromium is missing.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startPlatform } from '../../src/api/server.ts';
import { ensureWebBuilt } from '../../src/api/web-build.ts';
import { testDialects } from '../../src/db/testing.ts';
import { buildAssetInput, createPledgeTestbed, type PledgeTestbed } from '../../src/scenarios/data-ip-pledge/pledge.testing.ts';
import { checkEntryProof, type CheckOutcome } from '../../web/src/pages/pledge/browser-verify.ts';
import type { Database } from '../../src/db/index.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'Onething@2026';
const POLL = { timeout: 20_000 };
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Browser tests skipped: Chromium is not installed (${CHROMIUM} missing; apt-get install chromium fonts-noto-cjk).`);
const suite = hasChromium ? describe : describe.skip;

const verdicts = (checks: CheckOutcome[]) => Object.fromEntries(checks.map((c) => [c.key, c.ok]));

describe('the browser verifier against the engine’s proofs', () => {
  let database: Database;
  let t: PledgeTestbed;
  beforeAll(async () => {
    database = await testDialects()[0].open();
    t = await createPledgeTestbed(database);
  });
  afterAll(async () => database?.close());

  it('passes a genuine proof and fails a changed entry, a truncated proof and a wrong witness key', async () => {
    const input = buildAssetInput({}, 41);
    await t.pledge.registration.register(t.actors.company, input);
    const answer = await t.pledge.verification.verify({ fingerprint: input.fingerprint, hashAlg: 'sha256' });
    const proof = answer.registrationProof!;
    const expectEntry = { kind: 'registration', fingerprint: input.fingerprint };
    expect(verdicts(await checkEntryProof(proof, answer.trust, expectEntry))).toEqual({ entry: true, leafHash: true, inclusion: true, logSignature: true, cosignatures: true });

    const changed = Buffer.from(Buffer.from(proof.data, 'base64').toString().replace(input.fingerprint, 'f'.repeat(64))).toString('base64');
    expect(verdicts(await checkEntryProof({ ...proof, data: changed }, answer.trust, expectEntry))).toMatchObject({ entry: false, leafHash: false, inclusion: false });
    if (proof.inclusionProof.length > 0) {
      expect(verdicts(await checkEntryProof({ ...proof, inclusionProof: proof.inclusionProof.slice(1) }, answer.trust, expectEntry)).inclusion).toBe(false);
    }
    // Two witnesses replaced by keys the checkpoint was not signed with: 3 of 5 is below the quorum.
    const other = answer.trust.witnessKeys.map((w, i) => (i < 2 ? { ...w, key: answer.trust.logKey } : w));
    const weak = await checkEntryProof(proof, { ...answer.trust, witnessKeys: other }, expectEntry);
    expect(verdicts(weak).cosignatures).toBe(false);
    expect(weak.find((c) => c.key === 'cosignatures')!.detail).toBe('3/5 ≥ 4');
  });
});

suite('browser journey: data-IP pledge', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    ensureWebBuilt({ quiet: true });
    dir = mkdtempSync(join(tmpdir(), 'pledge-journey-'));
    [platform, browser] = await Promise.all([
      startPlatform({ port: 0, host: '127.0.0.1', databaseUrl: 'sqlite::memory:', demo: { enterprises: 300 }, quiet: true }),
      chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function logIn(page: Page, username: string) {
    await page.goto(`${platform.url}/login`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  }

  it('blocks a file with an ID number, registers with the fingerprint computed in the page, pledges at the bank and verifies with every check green', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `S${9000 + i},${['杭州', '宁波'][i % 2]},${(i * 3) % 17 + 1}.5,2026-03-${String(1 + (i % 28)).padStart(2, '0')}`);
    const csv = ['shipment,city,weight_kg,shipped_on', ...rows].join('\n') + '\n';
    const file = join(dir, 'shipments.csv');
    writeFileSync(file, csv);
    const sha256 = createHash('sha256').update(csv).digest('hex');
    const errors: string[] = [];

    const company = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await company.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => errors.push(e.message));
    await logIn(page, 'enterprise');
    await page.goto(`${platform.url}/pledge/register`);
    await page.getByTestId('reg-name').fill('杭甬快运运单数据集');
    await page.getByTestId('reg-classes').fill('客户企业');
    await page.getByTestId('reg-scope-0').fill('运输合同约定的统计分析');
    // First a file with a resident ID number in row 3: registration is blocked, the row and column shown.
    const bad = join(dir, 'with-id.csv');
    writeFileSync(bad, csv.replace('S9002,杭州', 'S9002,11010519491231002X'));
    await page.getByTestId('reg-file').setInputFiles(bad);
    await page.getByTestId('reg-fingerprint').waitFor();
    await page.getByTestId('reg-submit').click();
    const finding = page.getByTestId('reg-findings').locator('tbody tr').first();
    await expect.poll(() => finding.locator('td').allTextContents(), POLL).toEqual(['3', 'city', '居民身份证号', '110105********002X']);
    await page.getByTestId('reg-file').setInputFiles(file);
    await expect.poll(() => page.getByTestId('reg-fingerprint').textContent(), POLL).toBe(sha256);
    await page.getByTestId('reg-submit').click();
    await page.waitForURL('**/pledge/asset?id=*');
    await expect.poll(() => page.getByTestId('asset-status').textContent(), POLL).toBe('已登记');
    const assetUrl = page.url();
    const id = new URL(assetUrl).searchParams.get('id')!;
    const pdf = await page.request.get(`${platform.url}/api/pledge/assets/${id}/certificate.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await page.getByTestId('asset-certificate').getAttribute('href')).toBe(`/api/pledge/assets/${id}/certificate.pdf`);
    await company.close();

    const bankContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const bank = await bankContext.newPage();
    bank.setDefaultTimeout(20_000);
    bank.on('pageerror', (e) => errors.push(e.message));
    await logIn(bank, 'bank');
    await bank.goto(assetUrl);
    await bank.getByTestId('value-amount').fill('800000');
    await bank.getByTestId('value-submit').click();
    await bank.getByTestId('pledge-contract-no').fill('ZY-2026-0042');
    await bank.getByTestId('pledge-contract-text').fill('数据知识产权质押合同（演示）');
    await bank.getByTestId('pledge-submit').click();
    await bank.getByTestId('loan-amount').fill('500000');
    await bank.getByTestId('loan-submit').click();
    await expect.poll(() => bank.getByTestId('asset-status').textContent(), POLL).toBe('已质押');
    await expect.poll(() => bank.getByTestId('pledges').textContent(), POLL).toContain('¥500,000.00');

    await bank.goto(`${platform.url}/pledge/verify`);
    await bank.getByTestId('verify-file').setInputFiles(file);
    await expect.poll(() => bank.getByTestId('verify-verdict').textContent(), POLL).toBe('全部通过');
    const marks = await bank.locator('[data-ok]').evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-testid')}=${n.getAttribute('data-ok')}`));
    expect(marks.sort()).toEqual(['entry', 'leafHash', 'inclusion', 'logSignature', 'cosignatures'].flatMap((k) => [`check-pledge-${k}=true`, `check-registration-${k}=true`]).sort());
    expect(await bank.getByTestId('verify-registered').textContent()).toBe('是');
    expect(await bank.getByTestId('verify-changed').textContent()).toBe('未变更');
    expect(await bank.getByTestId('verify-pledged').textContent()).toContain('杭州示范银行');
    expect(bank.url()).toContain(`fingerprint=${sha256}`);
    const verifyUrl = bank.url();
    await bankContext.close();

    // The certificate's QR code opens the same page for anyone: no login, every check run in the page.
    const publicContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const visitor = await publicContext.newPage();
    visitor.on('pageerror', (e) => errors.push(e.message));
    await visitor.goto(verifyUrl);
    await expect.poll(() => visitor.getByTestId('verify-verdict').textContent(), POLL).toBe('全部通过');
    expect(new URL(visitor.url()).pathname).toBe('/pledge/verify');
    expect(errors).toEqual([]);
    await publicContext.close();
  }, 60_000);
});
