import { describe, expect, it } from 'vitest';
import { joinPortrait, type CatalogueDocument, type PortraitAnswer } from './registry-api.ts';

const doc: CatalogueDocument = {
  version: 'v1',
  attributes: [
    { key: 'revenue', zh: '营业收入', en: 'Revenue', type: 'money', unit: { zh: '元', en: 'yuan' }, dataClass: 'internal' },
    { key: 'legal_rep_name', zh: '法定代表人', en: 'Legal representative', type: 'text', dataClass: 'personal' },
  ],
  categories: [{ key: 'tax', zh: '税务', en: 'Tax' }],
  departments: [{ code: 'tax', zh: '税务局', en: 'Tax bureau' }],
  codeLists: {},
};

const answer: PortraitAnswer = {
  uscc: '91330106MA2XXXXX0X',
  asOf: '2026-04-01',
  catalogue: 'v1',
  identity: { name: 'A', districtName: '西湖区', townName: '', industryCode: 'I65', industryName: '', sectionName: '', registeredAt: '2020-01-01', status: 'active' },
  sizeClass: { value: 'small', rule: '' },
  tags: [],
  categories: [
    {
      key: 'tax',
      attributes: [
        { key: 'revenue', value: 200000000, access: 'clear', period: '2025', effective: '2025-12-31', lineage: 0 },
        { key: 'legal_rep_name', value: null, access: 'withheld', period: null, effective: null, lineage: null },
      ],
    },
  ],
  lineage: [{ source: 'tax', interface: 'file', arrivedAt: '2026-03-02T08:00:00.000Z' }],
  series: [],
  warnings: [],
  withheld: 1,
};

describe('joinPortrait', () => {
  it('joins names from the catalogue and the lineage by index', () => {
    const portrait = joinPortrait(answer, doc);
    const [revenue, rep] = portrait.categories[0].attributes;
    expect(portrait.categories[0]).toMatchObject({ zh: '税务', en: 'Tax' });
    expect(revenue).toMatchObject({ zh: '营业收入', type: 'money', source: 'tax', sourceName: '税务局', interface: 'file', arrivedAt: '2026-03-02T08:00:00.000Z' });
    expect(rep).toMatchObject({ source: null, sourceName: null, interface: null, arrivedAt: null, dataClass: 'personal' });
    expect(Object.keys(revenue)).not.toContain('lineage');
    expect(Object.keys(portrait)).not.toContain('lineage');
  });
});
