import { compileUnit, createSnapshot, type AttributeDef, type AttributeSchema, type ColumnSnapshot, type CompiledUnit, type PolicyUnit } from '../../engines/rules/index.ts';
import { isWithin } from '../../kernel/divisions.ts';
import { namedCodeList } from '../registry/catalogue.ts';

/**
 * Compiles a unit for a day. Before the unit's validFrom its parameters may have no value yet, so
 * it is compiled as of validFrom and marked not in force (the engine compiles only dates its
 * parameters cover).
 */
export function compileAt(unit: PolicyUnit, attrs: AttributeSchema | Map<string, AttributeDef>, asOf: string): CompiledUnit {
  if (unit.validFrom && asOf < unit.validFrom) return { ...compileUnit(unit, attrs, unit.validFrom), asOf, inForce: false };
  return compileUnit(unit, attrs, asOf);
}

/**
 * The unit with its region scope as a condition: a scope of GB/T 2260 codes (a province, city or
 * district; a town counts as its district) restricts it to enterprises whose `district` lies
 * within. Codes that are not divisions (e.g. `CN`) mean the whole country.
 */
export function regionScoped(unit: PolicyUnit): PolicyUnit {
  const districts = scopeDistricts(unit);
  return districts ? { ...unit, eligibility: { and: [{ in: [{ var: 'district' }, districts] }, unit.eligibility] } } : unit;
}

/**
 * The districts (GB/T 2260 county-level codes) a unit's region scope covers, as `regionScoped`
 * reads it; null when the scope does not restrict the region (no scope, or a code that is not a
 * division, e.g. `CN`).
 */
export function scopeDistricts(unit: PolicyUnit): string[] | null {
  const codes = (unit.scope ?? []).filter((c) => /^\d{6}(\d{3})?$/.test(c)).map((c) => c.slice(0, 6));
  if (codes.length === 0 || codes.length < (unit.scope ?? []).length) return null;
  return namedCodeList('gbt2260').map((d) => d.code).filter((d) => codes.some((c) => isWithin(d, c)));
}

/**
 * Per district, the units whose region scope covers it (in the order given), and the units no
 * scope restricts: a company's page screens only the units of its own district. Each list is
 * built once and kept (screening remembers its grouping per array).
 */
export function unitsByDistrict<T>(units: readonly T[], districtsOf: (u: T, k: number) => string[] | null): (district: string | null) => T[] {
  const scopes = units.map(districtsOf);
  const everywhere = units.filter((_, k) => scopes[k] === null);
  const lists = new Map<string, T[]>();
  return (district) => {
    if (district === null) return everywhere;
    let list = lists.get(district);
    if (!list) lists.set(district, (list = units.filter((_, k) => scopes[k] === null || scopes[k]!.includes(district))));
    return list;
  };
}

/** A snapshot of some rows of another (same schema; `rows` are indexes into `snap`, in order). */
export function selectRows(snap: ColumnSnapshot, rows: ArrayLike<number>, shared: boolean): ColumnSnapshot {
  const out = createSnapshot(snap.schema, rows.length, { shared });
  for (const key of Object.keys(snap.columns)) {
    const from = snap.columns[key];
    const to = out.columns[key];
    for (let p = 0; p < from.periods.length; p++) {
      const src = from.periods[p];
      const dst = to.periods[p];
      for (let j = 0; j < rows.length; j++) dst[j] = src[rows[j]];
    }
    if (from.kind === 'code' && to.kind === 'code') to.dict = [...from.dict];
    if (from.kind === 'set' && to.kind === 'set') to.members = [...from.members];
  }
  return out;
}

/** The snapshot with empty (all missing) columns for the attributes of `extra` it lacks. */
export function withColumns(snap: ColumnSnapshot, extra: AttributeSchema, shared: boolean): ColumnSnapshot {
  const missing = extra.filter((a) => !(a.key in snap.columns));
  if (missing.length === 0) return snap;
  const added = createSnapshot(missing, snap.size, { shared });
  return { size: snap.size, schema: [...snap.schema, ...missing], columns: { ...snap.columns, ...added.columns } };
}
