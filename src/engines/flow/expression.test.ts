import { describe, expect, it } from 'vitest';
import { evaluateExpression, parseExpression, parseTemplate, renderTemplate, ExpressionError, MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_NESTING } from './expression.ts';

const run = (text: string, vars: Record<string, unknown> = {}) => evaluateExpression(parseExpression(text), (n) => vars[n]);

describe('expression language', () => {
  it('evaluates comparisons, logic, arithmetic and precedence', () => {
    expect(run('${amount > 100 && region == "A"}', { amount: 150, region: 'A' })).toBe(true);
    expect(run('1 + 2 * 3 - 4 / 2')).toBe(5);
    expect(run('not (a or b) and c', { a: false, b: false, c: true })).toBe(true);
    expect(run('-x % 4', { x: 7 })).toBe(-3);
    expect(run("'ab' + 1")).toBe('ab1');
    expect(run('a >= b', { a: 'b', b: 'a' })).toBe(true);
    expect(run('a < 1', { a: 'x' })).toBe(false);
  });
  it('reads paths, lists, membership and functions', () => {
    const vars = { app: { items: [{ code: 'L1' }, { code: 'L2' }] }, chosen: ['tax'] };
    expect(run('app.items[1].code', vars)).toBe('L2');
    expect(run('len(app.items) == 2 && "tax" in chosen && contains(chosen, "tax")', vars)).toBe(true);
    expect(run('[1, 2, x]', { x: 3 })).toEqual([1, 2, 3]);
    expect(run('missing.deep == null')).toBe(true);
    expect(run('upper(lower("AbC"))')).toBe('ABC');
  });
  it('never reaches outside the variables', () => {
    expect(run('x.constructor', { x: {} })).toBeUndefined();
    expect(run('x.__proto__', { x: {} })).toBeUndefined();
    expect(() => parseExpression('process.exit(1)')).toThrow(ExpressionError);
    expect(() => parseExpression('eval("1")')).toThrow(/unknown function/);
  });
  it('reports syntax errors with a position', () => {
    expect(() => parseExpression('a >')).toThrow(/unexpected end/);
    expect(() => parseExpression('a b')).toThrow(/unexpected "b"/);
    expect(() => parseExpression("'open")).toThrow(/unterminated/);
    expect(() => run('a * "x"', { a: 1 })).toThrow(/needs numbers/);
  });
  it('refuses nesting past its limits with an ExpressionError, not a stack overflow', () => {
    const n = MAX_EXPRESSION_NESTING;
    expect(run('('.repeat(n) + '1' + ')'.repeat(n))).toBe(1);
    expect(run('!'.repeat(n) + 'true')).toBe(true);
    for (const deep of ['('.repeat(5000) + '1' + ')'.repeat(5000), '['.repeat(5000) + ']'.repeat(5000), '!'.repeat(50_000) + 'x', '-'.repeat(50_000) + '1', 'len('.repeat(5000) + 'x' + ')'.repeat(5000), 'a' + '[b'.repeat(5000) + ']'.repeat(5000)]) {
      expect(() => parseExpression(deep)).toThrow(new RegExp(`nested more than ${n} deep`));
    }
    // A chain nests one level per operator: the parser loops, evaluation would recurse.
    const chain = (k: number) => Array(k).fill('a').join(' || ');
    expect(run(chain(MAX_EXPRESSION_DEPTH - 1), { a: true })).toBe(true);
    expect(() => parseExpression(chain(50_000))).toThrow(ExpressionError);
    expect(() => parseExpression('a' + '.b'.repeat(5000))).toThrow(new RegExp(`more than ${MAX_EXPRESSION_DEPTH} levels`));
  });
  it('renders templates', () => {
    expect(renderTemplate(parseTemplate('tax-${district}-${n + 1}'), (n) => ({ district: '330102', n: 1 })[n])).toBe('tax-330102-2');
    expect(renderTemplate(parseTemplate('${list}'), () => [1])).toEqual([1]);
    expect(renderTemplate(parseTemplate('plain'), () => undefined)).toBe('plain');
  });
});
