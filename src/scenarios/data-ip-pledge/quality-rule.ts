import type { ColumnType, DataSample, QualityReport, SchemaColumn } from './pledge.types.ts';

/** The thresholds a sample must meet to be registered. */
export const QUALITY_THRESHOLDS = { completeness: 0.95, duplicateRate: 0.05, schemaConformity: 0.95 } as const;

const CONFORMS: Record<ColumnType, (v: string) => boolean> = {
  string: () => true,
  integer: (v) => /^[+-]?\d+$/.test(v),
  number: (v) => /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v),
  date: (v) => /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?/.test(v) && !Number.isNaN(Date.parse(v.slice(0, 10))),
  boolean: (v) => /^(true|false|0|1|是|否|y|n|yes|no)$/i.test(v),
};

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * The data-quality figures of a sample against its declared schema: completeness of required
 * cells, duplicate rows, conformity of filled cells to their declared types, missing and extra
 * columns; `passed` when every figure meets `QUALITY_THRESHOLDS` and no declared column is missing.
 */
export function assessQuality(sample: DataSample, schema: readonly SchemaColumn[]): QualityReport {
  const index = new Map(sample.columns.map((c, i) => [c.trim(), i]));
  const missingColumns = schema.filter((s) => !index.has(s.name)).map((s) => s.name);
  const declared = new Set(schema.map((s) => s.name));
  const extraColumns = sample.columns.map((c) => c.trim()).filter((c) => !declared.has(c));
  let requiredCells = 0;
  let requiredFilled = 0;
  let filledCells = 0;
  let conformingCells = 0;
  const perColumn = schema.map((s) => ({ name: s.name, filled: 0, conforming: 0 }));
  for (const row of sample.rows) {
    schema.forEach((s, k) => {
      const i = index.get(s.name);
      const value = i === undefined ? '' : String(row[i] ?? '').trim();
      if (s.required) {
        requiredCells++;
        if (value !== '') requiredFilled++;
      }
      if (value === '') return;
      filledCells++;
      perColumn[k].filled++;
      if (CONFORMS[s.type](value)) {
        conformingCells++;
        perColumn[k].conforming++;
      }
    });
  }
  const seen = new Set<string>();
  let duplicateRows = 0;
  for (const row of sample.rows) {
    const key = JSON.stringify(row.map((v) => String(v ?? '').trim()));
    if (seen.has(key)) duplicateRows++;
    else seen.add(key);
  }
  const rows = sample.rows.length;
  const completeness = requiredCells === 0 ? 1 : round4(requiredFilled / requiredCells);
  const duplicateRate = rows === 0 ? 0 : round4(duplicateRows / rows);
  const schemaConformity = filledCells === 0 ? 0 : round4(conformingCells / filledCells);
  const failures: string[] = [];
  if (rows === 0) failures.push('the sample has no rows');
  if (missingColumns.length > 0) failures.push(`declared columns missing from the sample: ${missingColumns.join(', ')}`);
  if (completeness < QUALITY_THRESHOLDS.completeness) failures.push(`completeness ${(completeness * 100).toFixed(1)}% is below ${QUALITY_THRESHOLDS.completeness * 100}%`);
  if (duplicateRate > QUALITY_THRESHOLDS.duplicateRate) failures.push(`duplicate rows ${(duplicateRate * 100).toFixed(1)}% exceed ${QUALITY_THRESHOLDS.duplicateRate * 100}%`);
  if (schemaConformity < QUALITY_THRESHOLDS.schemaConformity) failures.push(`schema conformity ${(schemaConformity * 100).toFixed(1)}% is below ${QUALITY_THRESHOLDS.schemaConformity * 100}%`);
  return { rows, columns: sample.columns.length, completeness, duplicateRows, duplicateRate, schemaConformity, missingColumns, extraColumns, perColumn, passed: failures.length === 0, failures };
}
