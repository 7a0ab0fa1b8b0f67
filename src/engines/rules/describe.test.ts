import { describe, expect, it } from 'vitest';
import { compileUnit } from './compile.ts';
import { describeUnit, type Description } from './describe.ts';
import { buildRdUnit, exampleSchema } from './testing.ts';
import type { PolicyUnit } from './types.ts';

const sentences = (d: Description): string[] => (d.kind === 'condition' ? [d.zh] : d.items.flatMap(sentences));

describe('describeUnit', () => {
  it('renders each condition of a unit without a subject, thresholds as in force on the day', () => {
    const unit = buildRdUnit();
    const d = describeUnit(compileUnit(unit, exampleSchema, '2025-06-30'), exampleSchema);
    expect(d.eligibility.kind).toBe('all');
    const zh = sentences(d.eligibility);
    expect(zh).toHaveLength(4);
    expect(zh[0]).toMatch(/^成立日期至今满年数 ≥ 1$/);
    expect(zh[3]).toContain('≥ 10%');
    expect(d.benefit?.zh).toBe('定额 30 万元');
  });

  it('shows units and code labels beside an attribute, groups and benefits', () => {
    const unit: PolicyUnit = {
      id: 'x', version: 1, title: { zh: 'X', en: 'X' },
      eligibility: { or: [{ '>=': [{ var: 'staff' }, 10] }, { '!': { in: [{ var: 'sector' }, ['C']] } }] },
      benefit: { rate: 0.1, base: { var: 'revenue' }, cap: 5_000_000 },
    };
    const d = describeUnit(compileUnit(unit, exampleSchema, '2025-06-30'), exampleSchema);
    expect(d.eligibility).toMatchObject({ kind: 'any', items: [{ kind: 'condition' }, { kind: 'not', items: [{ kind: 'condition' }] }] });
    const zh = sentences(d.eligibility);
    expect(zh[0]).toMatch(/≥ 10 人$/);
    expect(zh[1]).toContain('制造业');
    expect(d.benefit?.zh).toBe('按营业收入的 10%，最高 5 万元');
    expect(d.benefit?.en).toContain('10% of');
  });
});
