import { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SHIPPED_UNITS_DIR } from '../../platform/policy/unit-files.ts';
import { registerRulesCommand, RULES_EXIT, type RulesIo } from './rules.ts';

const units = fileURLToPath(SHIPPED_UNITS_DIR);
const dir = mkdtempSync(join(tmpdir(), 'onething-rules-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const smallProfit = JSON.parse(readFileSync(join(units, 'small-low-profit-enterprise.json'), 'utf8'));

async function onething(...args: string[]): Promise<{ code: number | undefined; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: RulesIo = { out: (l) => out.push(l), err: (l) => err.push(l), today: () => '2025-06-30' };
  const program = new Command().exitOverride();
  registerRulesCommand(program, io);
  const before = process.exitCode;
  await program.parseAsync(['node', 'onething', 'rules', ...args]);
  const code = process.exitCode as number | undefined;
  process.exitCode = before;
  return { code, out, err };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('onething rules test', () => {
  it('runs every case of the shipped units and exits 0, printing each case', async () => {
    const r = await onething('test', units);
    expect(r.code).toBe(RULES_EXIT.ok);
    expect(r.out.filter((l) => l.startsWith('PASS')).length).toBeGreaterThan(40);
    expect(r.out).toContain('PASS  cn-cit-small-low-profit › 2022：100万至300万元部分税负5%，所得300万元少缴62.5万元  (as of 2022-12-31: eligible, 62500000 fen)');
    expect(r.out.at(-1)).toMatch(/^4 unit\(s\), \d+ case\(s\): \d+ passed, 0 failed$/);
  });

  it('exits 1 and lists the failing cases with the conditions that did not hold', async () => {
    const broken = { ...smallProfit, tests: [smallProfit.tests[0], { ...smallProfit.tests[10], eligible: true }, { ...smallProfit.tests[1], amount: 1 }] };
    const r = await onething('test', file('broken.json', broken));
    expect(r.code).toBe(RULES_EXIT.failed);
    const fails = r.out.filter((l) => l.startsWith('FAIL'));
    expect(fails).toHaveLength(2);
    expect(fails[0]).toContain('从业人数301人不符合');
    expect(r.out.join('\n')).toContain('从业人数 301 人 ≤ 300 — 不符合');
    expect(r.out.join('\n')).toContain('Employees 301 people ≤ 300 — not met');
    expect(fails[1]).toContain('expected eligible, 1 fen; got eligible, 50000000 fen');
    expect(r.out.at(-1)).toBe('1 unit(s), 3 case(s): 1 passed, 2 failed');
  });

  it('exits 2 naming the field and the rule for a missing file, bad JSON or an invalid unit', async () => {
    const missing = await onething('test', join(dir, 'nothing.json'));
    expect(missing.code).toBe(RULES_EXIT.usage);
    expect(missing.err.join('\n')).toContain('does not exist');
    const notJson = await onething('test', file('not-json.json', '{ nope'));
    expect(notJson.code).toBe(RULES_EXIT.usage);
    expect(notJson.err.join('\n')).toContain('json.parse');
    const misspelt = await onething('test', file('misspelt.json', { ...smallProfit, eligibilty: true }));
    expect(misspelt.code).toBe(RULES_EXIT.usage);
    expect(misspelt.err.join('\n')).toMatch(/misspelt\.json\/eligibilty\s+schema\.additionalProperties/);
    const unknown = await onething('test', file('unknown.json', { ...smallProfit, eligibility: { '>': [{ var: 'profit' }, 0] } }));
    expect(unknown.code).toBe(RULES_EXIT.usage);
    expect(unknown.err.join('\n')).toMatch(/unknown\.json \(cn-cit-small-low-profit\)\/eligibility\/>\/0\/var\s+attribute\.unknown/);
  });
});

describe('onething rules eval', () => {
  const subject = file('subject.json', { taxable_income: [250_000_000, 0, 0], employees: 50, total_assets: 900_000_000, industry: 'I65', revenue: 800_000_000 });

  it('prints every unit’s result with its explanation as JSON', async () => {
    const r = await onething('eval', units, '--subject', subject, '--as-of', '2021-06-30');
    expect(r.code).toBe(RULES_EXIT.ok);
    const out = JSON.parse(r.out.join('\n'));
    expect(out.asOf).toBe('2021-06-30');
    expect(out.results.map((x: { id: string }) => x.id).sort()).toEqual(['cn-cit-small-low-profit', 'cn-high-tech-enterprise', 'cn-sme-size-class', 'cn-ui-job-stabilisation-refund']);
    const small = out.results.find((x: { id: string }) => x.id === 'cn-cit-small-low-profit');
    // 2021: 22.5% saved on the first million, 15% on the next 1.5 million.
    expect(small).toMatchObject({ eligible: true, amount: 22_500_000 + 22_500_000 });
    expect(small.explanation.items[2]).toMatchObject({ held: true, actual: 50, threshold: 300, zh: '从业人数 50 人 ≤ 300 — 符合' });
    const sme = out.results.find((x: { id: string }) => x.id === 'cn-sme-size-class');
    expect(sme).toMatchObject({ eligible: true, explanation: { actual: 'small' } });
    // The refund unit is in force from 2023 only.
    expect(out.results.find((x: { id: string }) => x.id === 'cn-ui-job-stabilisation-refund')).toMatchObject({ inForce: false, eligible: false });
  });

  it('exits 2 on a bad date, a missing subject, or facts that break the schema', async () => {
    const date = await onething('eval', units, '--subject', subject, '--as-of', '2021-02-30');
    expect(date.code).toBe(RULES_EXIT.usage);
    expect(date.err.join('\n')).toMatch(/--as-of\s+date\.format/);
    const none = await onething('eval', units);
    expect(none.code).toBe(RULES_EXIT.usage);
    expect(none.err.join('\n')).toMatch(/--subject\s+required/);
    const gone = await onething('eval', units, '--subject', join(dir, 'gone.json'));
    expect(gone.code).toBe(RULES_EXIT.usage);
    const bad = await onething('eval', units, '--subject', file('bad-subject.json', { facts: { revenue: 'lots', industry: 'Z99', profit: 1 } }));
    expect(bad.code).toBe(RULES_EXIT.usage);
    expect(bad.err.slice(1)).toEqual([
      expect.stringMatching(/facts\.revenue\s+type\.money/),
      expect.stringMatching(/facts\.industry\s+code\.unknown/),
      expect.stringMatching(/facts\.profit\s+attribute\.unknown/),
    ]);
  });
});
