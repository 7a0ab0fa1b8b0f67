import { describe, expect, it } from 'vitest';
import { APPROVING_DEPARTMENTS, FACTS } from './departments.data.ts';
import { checkLicenceCatalogue, checkLicenceItem, findPrerequisiteCycle } from './licence-check.ts';
import type { LicenceItem } from './licence.types.ts';
import { DEFAULT_LICENCES } from './licences.data.ts';
import { DEFAULT_ATTRIBUTES } from '../../platform/registry/catalogue.data.ts';

const ctx = { departments: new Set(APPROVING_DEPARTMENTS.map((d) => d.code)), facts: new Set(FACTS.map((f) => f.key)) };

describe('the shipped licence catalogue', () => {
  it('holds at least 111 items from at least 26 departments, with unique codes', () => {
    expect(DEFAULT_LICENCES.length).toBeGreaterThanOrEqual(111);
    expect(new Set(DEFAULT_LICENCES.map((i) => i.department)).size).toBeGreaterThanOrEqual(26);
    expect(new Set(DEFAULT_LICENCES.map((i) => i.code)).size).toBe(DEFAULT_LICENCES.length);
    expect(DEFAULT_LICENCES.filter((i) => i.kind === 'filing').length).toBeGreaterThan(20);
    expect(new Set(DEFAULT_LICENCES.map((i) => i.mode))).toEqual(new Set(['automatic', 'commitment', 'review']));
  });

  it('passes every item rule, and its prerequisites resolve without a cycle', () => {
    expect(checkLicenceCatalogue(DEFAULT_LICENCES, ctx)).toEqual([]);
    const codes = new Set(DEFAULT_LICENCES.map((i) => i.code));
    for (const i of DEFAULT_LICENCES) for (const r of i.requires) expect(codes.has(r), `${i.code} requires ${r}`).toBe(true);
    expect(findPrerequisiteCycle(DEFAULT_LICENCES)).toBeNull();
  });

  it('maps the mirror-supplied facts to attributes the registry catalogue has', () => {
    const attributes = new Set(DEFAULT_ATTRIBUTES.map((a) => a.key));
    const mapped = FACTS.filter((f) => f.mirror);
    expect(mapped.length).toBeGreaterThan(15);
    for (const f of mapped) expect(attributes.has(f.mirror!), f.key).toBe(true);
  });

  it('finds a cycle and names it', () => {
    expect(findPrerequisiteCycle([{ code: 'a', requires: ['b'] }, { code: 'b', requires: ['c'] }, { code: 'c', requires: ['a'] }])).toEqual(['a', 'b', 'c', 'a']);
    const items: LicenceItem[] = structuredClone(DEFAULT_LICENCES.slice(0, 3));
    items[0].requires = [items[1].code];
    items[1].requires = [items[0].code];
    expect(checkLicenceCatalogue(items, ctx)).toContainEqual(expect.objectContaining({ field: 'requires', rule: 'acyclic' }));
  });

  it('names the field and the rule of each broken item rule', () => {
    const good = DEFAULT_LICENCES.find((i) => i.code === 'food_business')!;
    const codes = new Set(DEFAULT_LICENCES.map((i) => i.code));
    const rules = (patch: object) => checkLicenceItem({ ...good, ...patch }, { ...ctx, codes }).map((e) => `${e.field}:${e.rule}`);
    expect(rules({})).toEqual([]);
    expect(rules({ code: 'Food' })).toEqual(['code:pattern']);
    expect(rules({ department: 'nowhere' })).toEqual(['department:known']);
    expect(rules({ timeLimitDays: 200 })).toEqual(['timeLimitDays:range']);
    expect(rules({ kind: 'filing', mode: 'commitment' })).toEqual(['mode:filing.commitment']);
    expect(rules({ requires: ['no_such_item'] })).toEqual(['requires.0:known']);
    expect(rules({ requires: ['food_business'] })).toEqual(['requires:self']);
    expect(rules({ facts: ['name', 'name'] })).toEqual(['facts.1:unique']);
    expect(rules({ basis: { law: '食品安全法', article: '第三十五条' } })).toEqual(['basis.law:pattern']);
  });
});
