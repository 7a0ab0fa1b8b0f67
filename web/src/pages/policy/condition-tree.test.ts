import { describe, expect, it } from 'vitest';
import { formatCell, parseCell, replaceAt, toJson, toTree } from './condition-tree.ts';

describe('condition tree', () => {
  const units = [
    { and: [{ '>=': [{ var: 'employees' }, 10] }, { or: [{ in: [{ var: 'industry' }, ['I65', 'C39']] }, { '!': { '==': [{ var: 'abnormal' }, true] } }] }] },
    { '<=': [{ var: 'revenue' }, { param: 'cap' }] },
    { in: ['gmp', { var: 'certs' }] },
    { '>=': [{ ratio_sums: ['rd', 'revenue', 3] }, { table: 'rd_threshold' }] },
    { '<=': [1, { var: 'staff' }, 300] },
  ];

  it('round-trips units, keeping what it cannot show as raw JSON', () => {
    for (const u of units) expect(toJson(toTree(u))).toEqual(u);
    expect(toTree(units[3]).type).toBe('raw');
    expect(toTree(units[2])).toEqual({ type: 'leaf', attr: 'certs', op: 'has', value: { kind: 'literal', v: 'gmp' } });
  });

  it('replaces and removes nodes by path', () => {
    const tree = toTree(units[0]);
    const removed = replaceAt(tree, [1, 0], null);
    expect(toJson(removed!)).toEqual({ and: [{ '>=': [{ var: 'employees' }, 10] }, { or: [{ '!': { '==': [{ var: 'abnormal' }, true] } }] }] });
    const changed = replaceAt(tree, [0], { type: 'leaf', attr: 'employees', op: '>', value: { kind: 'literal', v: 5 } });
    expect(toJson(changed!)).toMatchObject({ and: [{ '>': [{ var: 'employees' }, 5] }, {}] });
  });

  it('reads and writes decision-table cells', () => {
    for (const cell of ['-', { '>=': 100 }, { '>': { param: 'band_low' }, '<=': { param: 'band_high' } }, { in: ['A', 'B'] }, { '==': 'x' }]) expect(parseCell(formatCell(cell))).toEqual(cell);
    expect(parseCell('<= 5, <= 6')).toBeNull();
    expect(parseCell('about 5')).toBeNull();
  });
});
