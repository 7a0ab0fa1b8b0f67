import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { AppError, type FieldError } from '../../kernel/errors.ts';
import type { PolicyUnit } from '../../engines/rules/index.ts';

const schemaUrl = new URL('../../engines/rules/policy-unit.schema.json', import.meta.url);
let validateJson: ReturnType<Ajv2020['compile']> | undefined;

/** The folder of the policy units this module ships (data, one unit per JSON file). */
export const SHIPPED_UNITS_DIR = new URL('./units/', import.meta.url);

/**
 * Checks a document against the engine's JSON Schema (`policy-unit.schema.json`); each error names
 * the JSON Pointer and the keyword broken.
 */
export function checkUnitJson(doc: unknown): FieldError[] {
  validateJson ??= new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(schemaUrl, 'utf8')));
  if (validateJson(doc)) return [];
  return (validateJson.errors ?? []).map((e) => {
    let field = e.instancePath || '/';
    if (e.keyword === 'required') field = `${e.instancePath}/${String(e.params.missingProperty)}`;
    if (e.keyword === 'additionalProperties') field = `${e.instancePath}/${String(e.params.additionalProperty)}`;
    return { field, rule: `schema.${e.keyword}`, message: e.message ?? e.keyword };
  });
}

/** One unit read from a file. */
export interface UnitFile {
  path: string;
  unit: PolicyUnit;
}

/**
 * Reads the units of a JSON file (one unit or an array of units) or of every `*.json` file of a
 * folder (sorted by name). Unreadable files, bad JSON and documents failing the JSON Schema throw
 * `validation.failed` naming the file and the path.
 */
export function readUnitFiles(path: string): UnitFile[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new AppError('validation.failed', `${path}: no such file or folder`, { errors: [{ field: 'path', rule: 'exists', message: `${path} does not exist` }] });
  }
  const files = stat.isDirectory() ? readdirSync(path).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f)) : [path];
  if (files.length === 0) throw new AppError('validation.failed', `${path}: no .json files`, { errors: [{ field: 'path', rule: 'units.none', message: 'the folder holds no .json unit files' }] });
  const out: UnitFile[] = [];
  for (const file of files) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new AppError('validation.failed', `${file}: not JSON (${(e as Error).message})`, { errors: [{ field: file, rule: 'json.parse', message: (e as Error).message }] });
    }
    const docs = Array.isArray(doc) ? doc : [doc];
    docs.forEach((d, i) => {
      const errors = checkUnitJson(d).map((e) => ({ ...e, field: `${file}${Array.isArray(doc) ? `#${i}` : ''}${e.field}` }));
      if (errors.length > 0) throw new AppError('validation.failed', `${file}: not a policy unit: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { errors });
      out.push({ path: file, unit: d as PolicyUnit });
    });
  }
  return out;
}

/** The units this module ships (read once). */
export function shippedUnits(): PolicyUnit[] {
  return readUnitFiles(fileURLToPath(SHIPPED_UNITS_DIR)).map((f) => f.unit);
}
