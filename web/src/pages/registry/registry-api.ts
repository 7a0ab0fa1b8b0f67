import { ApiError, apiGet } from '../../api/client.ts';

/** An import job as the API shows it. */
export interface ImportJob {
  id: string;
  source: string;
  interface: string;
  format: string;
  fileName: string | null;
  period: string | null;
  status: 'running' | 'committed' | 'partial' | 'rejected' | 'duplicate' | 'failed';
  rowsTotal: number;
  rowsAccepted: number;
  rowsRejected: number;
  valuesCount: number;
  message: string | null;
  startedAt: string;
  finishedAt: string | null;
  rejections?: { row: number; field: string; rule: string; reason: string }[];
  progress: { rowsRead: number; rowsAccepted: number; rowsRejected: number; bytesRead: number; bytesTotal: number | null } | null;
}

/** A bilingual label. */
export interface Label {
  zh: string;
  en: string;
}

/** One attribute of a portrait as the page shows it: the answer's value and lineage joined with the catalogue's names. */
export interface AttributeView extends Label {
  key: string;
  type: string;
  unit: Label | null;
  dataClass: string;
  value: number | string | boolean | string[] | null;
  labels: ({ code: string } & Label)[] | null;
  access: 'clear' | 'masked' | 'withheld';
  period: string | null;
  effective: string | null;
  source: string | null;
  sourceName: string | null;
  interface: string | null;
  arrivedAt: string | null;
}

/** The enterprise portrait as the page shows it (joined with the catalogue). */
export interface Portrait {
  uscc: string;
  asOf: string;
  identity: { name: string; districtName: string; townName: string; industryCode: string; industryName: string; sectionName: string; registeredAt: string; status: string };
  sizeClass: { value: string; rule: string };
  tags: ({ key: string } & Label)[];
  categories: ({ key: string; attributes: AttributeView[] } & Label)[];
  series: ({ key: string; type: string; unit: Label | null; points: { period: string; value: number; source: string }[] } & Label)[];
  warnings: { kind: string; attribute: string; message: string }[];
  withheld: number;
}

/** The catalogue as served: what a portrait names by key. */
export interface CatalogueDocument {
  version: string;
  attributes: ({ key: string; type: string; unit?: Label; dataClass: string; codes?: ({ code: string } & Label)[]; codeList?: string } & Label)[];
  categories: ({ key: string } & Label)[];
  departments: ({ code: string } & Label)[];
  codeLists: Record<string, ({ code: string } & Label)[]>;
}

/** The portrait as the API answers it: values and the index of their lineage, with the catalogue's part left to the catalogue of version `catalogue`. */
export interface PortraitAnswer extends Omit<Portrait, 'categories' | 'series'> {
  catalogue: string;
  categories: { key: string; attributes: (Pick<AttributeView, 'key' | 'value' | 'access' | 'period' | 'effective'> & { lineage: number | null })[] }[];
  /** Source, interface and arrival of the values, named by index from the attributes. */
  lineage: { source: string; interface: string; arrivedAt: string | null }[];
  series: { key: string; points: { period: string; value: number; source: string }[] }[];
}

let catalogue: Promise<CatalogueDocument> | undefined;

/** The catalogue, fetched once per page load (the browser revalidates it by its ETag) and again when a portrait names another version. */
export async function getCatalogue(version?: string): Promise<CatalogueDocument> {
  if (catalogue) {
    const doc = await catalogue.catch(() => undefined);
    if (doc && (!version || doc.version === version)) return doc;
  }
  const next = apiGet<CatalogueDocument>('/api/registry/catalogue');
  catalogue = next;
  next.catch(() => {
    if (catalogue === next) catalogue = undefined;
  });
  return next;
}

/** Joins a portrait answer with its catalogue: names, types, units, code labels and source names by key; lineage by index. */
export function joinPortrait(answer: PortraitAnswer, doc: CatalogueDocument): Portrait {
  const specs = new Map(doc.attributes.map((a) => [a.key, a]));
  const categoryOf = new Map(doc.categories.map((c) => [c.key, c]));
  const departmentOf = new Map(doc.departments.map((d) => [d.code, d]));
  const named = (key: string) => {
    const spec = specs.get(key);
    return { zh: spec?.zh ?? key, en: spec?.en ?? key, type: spec?.type ?? 'text', unit: spec?.unit ?? null };
  };
  const labelsOf = (key: string, value: AttributeView['value']) => {
    const spec = specs.get(key);
    const codes = spec?.codeList ? doc.codeLists[spec.codeList] : spec?.codes;
    if (!codes || value === null) return null;
    return (Array.isArray(value) ? value : [String(value)]).map((c) => codes.find((entry) => entry.code === c) ?? { code: c, zh: c, en: c });
  };
  const { lineage, ...rest } = answer;
  return {
    ...rest,
    categories: answer.categories.map((c) => ({
      key: c.key,
      zh: categoryOf.get(c.key)?.zh ?? c.key,
      en: categoryOf.get(c.key)?.en ?? c.key,
      attributes: c.attributes.map(({ lineage: at, ...a }) => {
        const from = at === null ? undefined : lineage[at];
        return {
          ...a,
          ...named(a.key),
          dataClass: specs.get(a.key)?.dataClass ?? 'internal',
          labels: labelsOf(a.key, a.value),
          source: from?.source ?? null,
          sourceName: from ? (departmentOf.get(from.source)?.zh ?? from.source) : null,
          interface: from?.interface ?? null,
          arrivedAt: from?.arrivedAt ?? null,
        };
      }),
    })),
    series: answer.series.map((s) => ({ ...s, ...named(s.key) })),
  };
}

/** Uploads a batch file as the raw request body; answers the new job's id. */
export async function uploadBatch(file: File, query: Record<string, string>): Promise<string> {
  const params = new URLSearchParams({ fileName: file.name, ...Object.fromEntries(Object.entries(query).filter(([, v]) => v !== '')) });
  const lower = file.name.toLowerCase();
  const type = lower.endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : lower.endsWith('.csv') ? 'text/csv' : 'application/octet-stream';
  const response = await fetch(`/api/registry/imports?${params}`, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': type, accept: 'application/json' }, body: file });
  const data = (await response.json().catch(() => ({}))) as { id?: string; code?: string; message?: string; details?: Record<string, unknown> };
  if (!response.ok || !data.id) throw new ApiError(response.status, data.code ?? `http.${response.status}`, data.message ?? response.statusText, data.details);
  return data.id;
}

/** One import job with its report. */
export function getJob(id: string): Promise<ImportJob> {
  return apiGet<ImportJob>(`/api/registry/imports/${encodeURIComponent(id)}`);
}

/** Recent import jobs. */
export function listJobs(): Promise<{ items: ImportJob[]; total: number }> {
  return apiGet('/api/registry/imports', { page: 1, pageSize: 10 });
}

/** The portrait of one enterprise, joined with the catalogue it names. */
export async function getPortrait(uscc: string, purpose?: string): Promise<Portrait> {
  void getCatalogue().catch(() => undefined); // asked for beside the portrait, not after it
  const answer = await apiGet<PortraitAnswer>(`/api/registry/enterprises/${encodeURIComponent(uscc)}/portrait`, { purpose });
  return joinPortrait(answer, await getCatalogue(answer.catalogue));
}

const TEXT = {
  importTitle: { zh: '数据导入', en: 'Data intake' },
  file: { zh: '选择文件（CSV、XLSX、JSON lines）', en: 'Choose a file (CSV, XLSX, JSON lines)' },
  source: { zh: '来源部门', en: 'Source department' },
  period: { zh: '数据期间（如 2025、2025-Q3、2025-09）', en: 'Period (e.g. 2025, 2025-Q3, 2025-09)' },
  partial: { zh: '允许部分提交（提交合格行并报告被拒行）', en: 'Commit the good rows and report the rejected ones' },
  start: { zh: '开始导入', en: 'Import' },
  progress: { zh: '进度', en: 'Progress' },
  rows: { zh: '已读行数', en: 'Rows read' },
  accepted: { zh: '已接收', en: 'Accepted' },
  rejected: { zh: '被拒绝', en: 'Rejected' },
  report: { zh: '拒绝报告', en: 'Rejection report' },
  row: { zh: '行', en: 'Row' },
  field: { zh: '字段', en: 'Field' },
  rule: { zh: '规则', en: 'Rule' },
  reason: { zh: '原因', en: 'Reason' },
  recent: { zh: '最近的导入', en: 'Recent imports' },
  status: { zh: '状态', en: 'Status' },
  fileName: { zh: '文件', en: 'File' },
  portraitTitle: { zh: '企业画像', en: 'Enterprise portrait' },
  usccPlaceholder: { zh: '输入统一社会信用代码', en: 'Enter a USCC' },
  purpose: { zh: '用途（跨部门读取须声明）', en: 'Purpose (needed for other departments’ data)' },
  show: { zh: '查看', en: 'Show' },
  warnings: { zh: '数据质量提示', en: 'Data-quality warnings' },
  withheld: { zh: '项数据未获共享授权，未显示', en: 'values withheld: no sharing agreement covers them' },
  masked: { zh: '已脱敏', en: 'masked' },
  series: { zh: '时间序列', en: 'Time series' },
  sourceOf: { zh: '来源', en: 'Source' },
  periodOf: { zh: '期间', en: 'Period' },
  district: { zh: '区域', en: 'Area' },
  industry: { zh: '行业', en: 'Industry' },
  registeredAt: { zh: '成立日期', en: 'Registered' },
  size: { zh: '规模', en: 'Size' },
  asOf: { zh: '截至', en: 'As of' },
  listSeparator: { zh: '、', en: ', ' },
  tenThousandYuan: { zh: '万元', en: '10k yuan' },
} as const;

/** A text of the registry pages in the current language. */
export function text(key: keyof typeof TEXT, language: string): string {
  return language.startsWith('en') ? TEXT[key].en : TEXT[key].zh;
}

/** A bilingual label in the current language. */
export function label(l: Label, language: string): string {
  return language.startsWith('en') ? l.en : l.zh;
}
