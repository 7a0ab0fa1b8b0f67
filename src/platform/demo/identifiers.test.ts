import { describe, expect, it } from 'vitest';
import { validateIdNumber } from '../../kernel/id-number.ts';
import { validateUscc } from '../../kernel/uscc.ts';
import { createCodeScatter, createScatter, createTradeNames, demoIdNumber, demoUscc, organisationCode8 } from './identifiers.ts';
import { TRADE_NAME_CHARS } from './names.ts';
import { createRandom } from './random.ts';

describe('demo identifiers', () => {
  it('scatters are bijections', () => {
    for (const size of [97, 1000, 22_500]) {
      const f = createScatter(size, 5, 1);
      expect(new Set(Array.from({ length: size }, (_, i) => f(i))).size).toBe(size);
    }
  });

  it('gives distinct sequence numbers distinct organisation codes, old and new shapes alike', () => {
    const scatter = createCodeScatter(1);
    const seen = new Set<string>();
    for (let seq = 1; seq <= 20_000; seq++) {
      const code = organisationCode8(seq, seq % 2 ? '2010-05-01' : '2020-05-01', scatter);
      expect(code).toMatch(seq % 2 ? /^\d{8}$/ : /^MA[0-9A-HJ-NP-RTUW-Y]{6}$/);
      seen.add(code);
    }
    expect(seen.size).toBe(20_000);
    expect(() => organisationCode8(0, '2020-01-01', scatter)).toThrow(/seq/);
  });

  it('builds valid USCCs carrying the district code', () => {
    const uscc = demoUscc('1', '330106', organisationCode8(42, '2021-03-04', createCodeScatter(1)));
    const check = validateUscc(uscc);
    expect(check.ok).toBe(true);
    expect(uscc.slice(0, 8)).toBe('91330106');
  });

  it('never repeats a trade name', () => {
    const names = createTradeNames(3);
    const c = TRADE_NAME_CHARS.length;
    const seen = new Set<string>();
    for (let seq = 1; seq <= c * c + 5000; seq++) seen.add(names(seq));
    expect(seen.size).toBe(c * c + 5000);
    expect(names(c * c + 1)).toHaveLength(3);
  });

  it('makes valid identity numbers with the sex in the sequence digit', () => {
    const random = createRandom(1, 1);
    for (let i = 0; i < 500; i++) {
      const male = i % 2 === 0;
      const id = demoIdNumber(random, '330106', '1980-02-29', male);
      const check = validateIdNumber(id, '2026-01-01');
      expect(check.ok, id).toBe(true);
      if (check.ok) expect(check.value.sex).toBe(male ? 'male' : 'female');
    }
  });
});

describe('trade name capacity', () => {
  it('has room for two million distinct trade names (DEMO_ENTERPRISES allows 2,000,000)', () => {
    const c = TRADE_NAME_CHARS.length;
    expect(c * c + c * c * c).toBeGreaterThanOrEqual(2_000_000);
  });
});
