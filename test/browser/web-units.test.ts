// Unit tests of the web app's plain modules (run in Node; no browser needed).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { ApiError, withQuery } from '../../web/src/api/client.ts';
import { errorMessage } from '../../web/src/api/errors.ts';
import { buildXlsx, xlsxFileName } from '../../web/src/components/xlsx.ts';
import type { ListColumn } from '../../web/src/components/columns.ts';
import { divisionLevel } from '../../web/src/divisions.ts';
import { formatCount, formatFen, formatShare } from '../../web/src/format.ts';
import { firstPathUnder, homePathFor, navFor } from '../../web/src/nav.ts';
import zh from '../../web/src/i18n/zh.json' with { type: 'json' };
import en from '../../web/src/i18n/en.json' with { type: 'json' };
import { ROLES } from '../../src/kernel/roles.ts';

const WEB_SRC = join(import.meta.dirname, '..', '..', 'web', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

function keysOf(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    value && typeof value === 'object' ? keysOf(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function lookup(tree: object, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);
}

describe('formatting', () => {
  it('formats fen with integer arithmetic, counts and shares', () => {
    expect(formatFen(123456789)).toBe('¥1,234,567.89');
    expect(formatFen(29)).toBe('¥0.29');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatShare(7, 8)).toBe('87.5%');
    expect(formatShare(2, 3)).toBe('66.7%');
    expect(formatShare(1, 0)).toBe('–');
  });

  it('tells division levels from their codes', () => {
    expect(divisionLevel('33')).toBe('province');
    expect(divisionLevel('3301')).toBe('city');
    expect(divisionLevel('330100')).toBe('city');
    expect(divisionLevel('330106')).toBe('district');
    expect(divisionLevel('330106004')).toBe('town');
    expect(divisionLevel('x')).toBe('unknown');
  });
});

describe('navigation table', () => {
  it('lands each role on its home and lists only its pages', () => {
    expect(homePathFor('enterprise')).toBe('/portal');
    expect(homePathFor('agent')).toBe('/portal');
    expect(homePathFor('official')).toBe('/workbench');
    expect(homePathFor('department_officer')).toBe('/workbench');
    expect(homePathFor('platform_admin')).toBe('/admin');
    expect(homePathFor('judge')).toBe('/account');
    const company = navFor('enterprise').map((e) => e.path);
    expect(company[0]).toBe('/portal');
    expect(company).toContain('/account');
    expect(company).not.toContain('/cockpit');
    expect(company.some((path) => path.startsWith('/admin'))).toBe(false);
    expect(navFor('official').map((e) => e.path)).toContain('/cockpit');
    expect(firstPathUnder('/admin', 'platform_admin')).toBe('/admin/audit');
    expect(firstPathUnder('/admin', 'official')).toBeUndefined();
  });

  it('gives every role a home it may open', () => {
    for (const role of ROLES) {
      const home = homePathFor(role);
      const target = firstPathUnder(home, role) ?? home;
      expect(navFor(role).map((e) => e.path), role).toContain(target);
    }
  });
});

describe('API client helpers', () => {
  it('builds query strings without empty values', () => {
    expect(withQuery('/api/enterprises', { q: '', page: 2, districtCode: null, sizeClass: undefined, industrySection: 'I' })).toBe(
      '/api/enterprises?page=2&industrySection=I',
    );
    expect(withQuery('/api/x', { q: '杭州 a&b' })).toBe('/api/x?q=%E6%9D%AD%E5%B7%9E+a%26b');
    expect(withQuery('/api/x')).toBe('/api/x');
  });

  it('shows the translated message of a known error code, else the API message, with field errors', () => {
    const t = ((key: string, options?: Record<string, unknown>) => {
      const text = (lookup(en, key) as string | undefined) ?? (options?.defaultValue as string | undefined) ?? key;
      return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options?.[name]));
    }) as never;
    expect(errorMessage(new ApiError(423, 'auth.locked', 'x', { lockedUntil: 'not a time' }), t)).toBe(
      'The account is locked after repeated failed logins. Try again after not a time, or ask an administrator.',
    );
    expect(errorMessage(new ApiError(401, 'auth.invalid_credentials', 'x', { attemptsLeft: 2 }), t)).toBe('Wrong username or password. 2 attempts left.');
    expect(errorMessage(new ApiError(429, 'rate_limited', 'x'), t)).toBe('Too many attempts. Please wait and try again.');
    expect(errorMessage(new ApiError(418, 'teapot.brewing', 'I am a teapot'), t)).toBe('I am a teapot');
    const invalid = new ApiError(400, 'validation.failed', 'bad', { errors: [{ field: 'pageSize', rule: 'type', message: 'must be integer' }] });
    expect(errorMessage(invalid, t)).toBe('Invalid input (pageSize: must be integer)');
  });
});

describe('XLSX export', () => {
  it('writes the column titles and one row per shown row', async () => {
    const columns: ListColumn<{ name: string; fen: number }>[] = [
      { key: 'name', title: '企业名称', value: (r) => r.name },
      { key: 'capital', title: '注册资本', value: (r) => formatFen(r.fen) },
      { key: 'raw', title: 'fen', value: (r) => r.fen },
    ];
    const bytes = await buildXlsx('企业名录', columns, [
      { name: '甲公司', fen: 100 },
      { name: '乙公司', fen: 12345 },
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes);
    const sheet = workbook.getWorksheet('企业名录');
    expect(sheet?.getRow(1).values).toEqual([undefined, '企业名称', '注册资本', 'fen']);
    expect(sheet?.getRow(3).values).toEqual([undefined, '乙公司', '¥123.45', 12345]);
    expect(sheet?.rowCount).toBe(3);
  });

  it('names files safely', () => {
    expect(xlsxFileName('audit log / 2026', new Date('2026-11-26T10:00:00Z'))).toBe('audit-log-2026-2026-11-26.xlsx');
    expect(xlsxFileName('企业名录', new Date('2026-01-02T00:00:00Z'))).toBe('企业名录-2026-01-02.xlsx');
  });
});

describe('i18n resources', () => {
  it('zh and en have the same keys', () => {
    expect(keysOf(en).sort()).toEqual(keysOf(zh).sort());
  });

  it('every literal key the code uses exists, and every role, size and status has a label', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(WEB_SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/labelKey: '([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
    }
    for (const role of ROLES) used.add(`roles.${role}`);
    for (const size of ['large', 'medium', 'small', 'micro']) used.add(`enterprise.size.${size}`);
    for (const status of ['active', 'abnormal', 'deregistered']) used.add(`enterprise.status.${status}`);
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((key) => typeof lookup(zh, key) !== 'string' || typeof lookup(en, key) !== 'string');
    expect(missing).toEqual([]);
  });

  it('keeps Chinese text out of the components (it belongs in zh.json)', () => {
    const offenders = sourceFiles(WEB_SRC)
      .filter((file) => file.endsWith('.tsx'))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, where: `${file.slice(WEB_SRC.length + 1)}:${i + 1}` }))
          .filter(({ line }) => /[\u4e00-\u9fff]/.test(line) && !/^(\/\/|\/\*|\*)/.test(line.trim())),
      )
      .map(({ where }) => where);
    expect(offenders).toEqual([]);
  });
});
