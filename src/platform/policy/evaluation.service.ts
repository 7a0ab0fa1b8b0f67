import { loadExcel } from '../excel.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, assertNoFieldErrors, type FieldError } from '../../kernel/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../identity/identity.types.ts';
import { dataScopeOf } from '../identity/scope.ts';
import type { RegistryServices } from '../registry/registry.services.ts';
import { decodeValues } from '../registry/values.repository.ts';
import { assertOfficial } from './budget.service.ts';
import { differenceInDifferences, type DidResult, type DidSubject } from './evaluation-did.ts';
import type { LifecycleTables } from './lifecycle.repository.ts';
import type { PolicyUnitService } from './policy-units.service.ts';

/** The outcomes offered first (any yearly numeric attribute of the catalogue is accepted). */
export const EVALUATION_OUTCOMES = ['revenue', 'employees', 'tax_paid', 'rd_spend'] as const;

/** What to evaluate: a unit, an outcome, the first period after treatment, the periods, the industry level of matching. */
export interface EvaluationInput {
  unitId: string;
  outcome: string;
  /** First period counted as "after" (default: the year of the first approval on the unit). */
  treatStart?: string;
  from?: string;
  to?: string;
  /** Match on the industry section (letter) or division (letter + 2 digits); default division. */
  industry?: 'section' | 'division';
}

/** An evaluation report: the question, the matched samples, the estimate and the series for the charts. */
export interface EvaluationReport {
  unitId: string;
  unitTitle: { zh: string; en: string };
  outcome: { key: string; zh: string; en: string; unit: string | null; type: string };
  treatStart: string;
  periods: string[];
  matching: { industry: 'section' | 'division'; district: true; size: true };
  population: number;
  beneficiaries: number;
  result: DidResult;
}

interface Tables extends LifecycleTables {
  enterprises: { uscc: string; district_code: string; town_code: string; industry_code: string; size_class: string };
}

const BENEFITED = ['approved', 'paying', 'paid'];
const YEAR = /^\d{4}$/;

/**
 * Policy evaluation (政策评估): for a unit and an outcome read from the mirror's yearly periods, the
 * beneficiaries (approved or paid claims) against non-beneficiaries matched exactly on industry,
 * district and size class, by difference-in-differences with a 95% interval; a CSV or XLSX export.
 */
export function createEvaluationService(deps: { database: Database; units: PolicyUnitService; registry: Pick<RegistryServices, 'catalogue' | 'values'>; audit: AuditService; clock: Clock }) {
  const db = deps.database.kysely as unknown as Kysely<Tables>;

  async function outcomeSpec(key: string) {
    const spec = (await deps.registry.catalogue.load()).byKey.get(key);
    if (!spec || spec.frequency !== 'year' || !['money', 'integer', 'number'].includes(spec.type))
      throw new AppError('validation.failed', `No yearly numeric attribute ${key}`, { errors: [{ field: 'outcome', rule: 'enum', message: `outcome is a yearly numeric attribute of the catalogue, e.g. ${EVALUATION_OUTCOMES.join(', ')}` }] });
    return spec;
  }

  /** The outcome per company and year as the mirror holds it now (later arrivals correct earlier ones). */
  async function outcomeValues(key: string, population: Set<string>): Promise<Map<string, Map<string, number>>> {
    const out = new Map<string, Map<string, number>>();
    for (const b of await deps.registry.values.committedBatches()) {
      if (b.columns && !b.columns.includes(key)) continue;
      await deps.registry.values.scanBatch(b.id, (rs) => {
        for (const r of rs) {
          const uscc = String(r[1]);
          const period = r[2] === null ? null : String(r[2]);
          if (!period || !YEAR.test(period) || !population.has(uscc)) continue;
          const v = decodeValues(String(r[4]), b.columns)[key];
          if (typeof v !== 'number' || !Number.isFinite(v)) continue;
          let m = out.get(uscc);
          if (!m) out.set(uscc, (m = new Map()));
          m.set(period, v);
        }
      });
    }
    return out;
  }

  const service = {
    /** Runs the evaluation over the enterprises in the actor's data scope. */
    async evaluate(actor: Actor, input: EvaluationInput): Promise<EvaluationReport> {
      assertOfficial(actor);
      const errors: FieldError[] = [];
      for (const f of ['treatStart', 'from', 'to'] as const) if (input[f] !== undefined && !YEAR.test(input[f])) errors.push({ field: f, rule: 'pattern', message: `${f} is a year (YYYY)` });
      if (input.industry !== undefined && input.industry !== 'section' && input.industry !== 'division') errors.push({ field: 'industry', rule: 'enum', message: 'industry is section or division' });
      assertNoFieldErrors(errors, 'Invalid evaluation');
      const stored = (await deps.units.list()).find((u) => u.id === input.unitId);
      if (!stored) throw new AppError('not_found', `No policy unit ${input.unitId}`);
      const spec = await outcomeSpec(input.outcome);
      const scope = dataScopeOf(actor);
      if (scope.kind === 'none' || scope.kind === 'enterprise') throw new AppError('auth.forbidden', 'Your role sees no population to evaluate');
      let q = db.selectFrom('enterprises').select(['uscc', 'district_code', 'industry_code', 'size_class']);
      if (scope.kind === 'division') q = q.where(scope.column === 'town' ? 'town_code' : 'district_code', 'like', `${scope.prefix}%`);
      const register = await q.execute();
      const treatedAt = new Map((await db.selectFrom('policy_claims').select(['uscc', 'decided_at', 'created_at']).where('unit_id', '=', input.unitId).where('status', 'in', BENEFITED).execute())
        .map((c) => [c.uscc, (c.decided_at ?? c.created_at).slice(0, 4)]));
      const treatStart = input.treatStart ?? ([...treatedAt.values()].sort()[0] ?? deps.clock.now().toISOString().slice(0, 4));
      const values = await outcomeValues(input.outcome, new Set(register.map((r) => r.uscc)));
      const level = input.industry ?? 'division';
      const subjects: DidSubject[] = register.map((r) => ({
        id: r.uscc, treated: treatedAt.has(r.uscc), values: values.get(r.uscc) ?? new Map<string, number>(),
        cell: `${level === 'section' ? r.industry_code.slice(0, 1) : r.industry_code}|${r.district_code}|${r.size_class}`,
      }));
      const periods = [...new Set([...values.values()].flatMap((m) => [...m.keys()]))].filter((p) => (!input.from || p >= input.from) && (!input.to || p <= input.to)).sort();
      const result = differenceInDifferences(subjects, periods, treatStart);
      if (result.before.length === 0 || result.after.length === 0)
        throw new AppError('validation.failed', 'No periods on both sides of the treatment', { errors: [{ field: 'treatStart', rule: 'periods', message: `the mirror holds ${input.outcome} for ${periods.join(', ') || 'no year'}: periods before and from ${treatStart} are both needed` }] });
      await deps.audit.record({ actor, action: 'policy.evaluation.run', target: input.unitId, details: { outcome: input.outcome, treatStart, industry: level, treated: result.treated, controls: result.controls } });
      return {
        unitId: input.unitId, unitTitle: stored.title, outcome: { key: spec.key, zh: spec.zh, en: spec.en, unit: spec.unit?.zh ?? null, type: spec.type },
        treatStart, periods, matching: { industry: level, district: true, size: true }, population: register.length, beneficiaries: treatedAt.size, result,
      };
    },

    /** The report as CSV (UTF-8, CRLF): the estimate, the series, the cells. */
    async exportCsv(actor: Actor, input: EvaluationInput): Promise<string> {
      return reportCsv(await service.evaluate(actor, input));
    },

    /** The report as an XLSX workbook: sheets 评估结果, 趋势, 匹配单元. */
    async exportXlsx(actor: Actor, input: EvaluationInput): Promise<Buffer> {
      const r = await service.evaluate(actor, input);
      const { Workbook } = await loadExcel();
      const wb = new Workbook();
      for (const [name, rowsOf] of [['评估结果', summaryRows], ['趋势', seriesRows], ['匹配单元', cellRows]] as const) {
        const ws = wb.addWorksheet(name);
        for (const row of rowsOf(r)) ws.addRow(row);
      }
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  };
  return service;
}

type Row = (string | number | null)[];
const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);

function summaryRows(r: EvaluationReport): Row[] {
  return [
    ['item', 'value'], ['unit', r.unitId], ['outcome', r.outcome.key], ['treat_start', r.treatStart], ['before', r.result.before.join(' ')], ['after', r.result.after.join(' ')],
    ['matching', `industry ${r.matching.industry}, district, size class`], ['att', round(r.result.att)], ['se', round(r.result.se)], ['ci95_low', round(r.result.ci95[0])], ['ci95_high', round(r.result.ci95[1])],
    ['p', round(r.result.p)], ['treated', r.result.treated], ['controls', r.result.controls], ['unmatched_treated', r.result.unmatchedTreated], ['method', r.result.method],
  ];
}
function seriesRows(r: EvaluationReport): Row[] {
  return [['period', 'treated_mean', 'control_mean', 'treated_n', 'control_n'], ...r.result.series.map((s) => [s.period, s.treated === null ? null : round(s.treated), s.control === null ? null : round(s.control), s.treatedN, s.controlN])];
}
function cellRows(r: EvaluationReport): Row[] {
  return [['cell', 'treated', 'controls', 'delta_treated', 'delta_control', 'weight'], ...r.result.cells.map((c) => [c.cell, c.treated, c.controls, round(c.deltaTreated), round(c.deltaControl), round(c.weight)])];
}

/** A report as CSV: three blocks (summary, series, cells) separated by a blank line. */
export function reportCsv(r: EvaluationReport): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [summaryRows(r), seriesRows(r), cellRows(r)].map((block) => block.map((row) => row.map(cell).join(',')).join('\r\n')).join('\r\n\r\n') + '\r\n';
}

/** The evaluation service's interface. */
export type EvaluationService = ReturnType<typeof createEvaluationService>;
