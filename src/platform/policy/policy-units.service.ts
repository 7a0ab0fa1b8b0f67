import { createHash } from 'node:crypto';
import { validateUnit, type AttributeSchema, type PolicyUnit } from '../../engines/rules/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { isWithin, normaliseDivisionCode } from '../../kernel/divisions.ts';
import { AppError, assertNoFieldErrors, type FieldError } from '../../kernel/errors.ts';
import type { Actor } from '../identity/identity.types.ts';
import type { CatalogueService } from '../registry/catalogue.service.ts';
import { runUnitTests, type UnitTestResult } from './author-tests.ts';
import { policySchema } from './policy-schema.ts';
import type { PolicyRepository, StoredUnit, StoredVersion } from './policy.repository.ts';
import { checkUnitJson, shippedUnits } from './unit-files.ts';

/** Roles that may write policy units (department officers within their division). */
export const UNIT_WRITERS = ['platform_admin', 'department_officer'] as const;

/** A content hash of a unit document (its JSON as written). */
export function unitHash(unit: PolicyUnit): string {
  return createHash('sha256').update(JSON.stringify(unit)).digest('hex');
}

/**
 * Every problem of a document as a policy unit: first the JSON Schema, then the engine's checks
 * against the attribute schema (unknown attribute, type mismatch, table overlaps, …). Each error
 * names the JSON Pointer of the field and the rule.
 */
export function unitProblems(doc: unknown, schema: AttributeSchema): FieldError[] {
  const json = checkUnitJson(doc);
  return json.length > 0 ? json : validateUnit(doc as PolicyUnit, schema);
}

/** Throws `validation.failed` listing every failed author test of a unit. */
export function assertTestsPass(results: UnitTestResult[]): void {
  const failed = results.map((r, i) => ({ r, i })).filter(({ r }) => !r.passed);
  assertNoFieldErrors(failed.map(({ r, i }) => ({
    field: `/tests/${i}`, rule: 'test.failed',
    message: r.error ? `${r.name}: ${r.error}` : `${r.name}: expected ${r.expected.eligible ? 'eligible' : 'not eligible'}${r.expected.amount !== undefined ? ` (${r.expected.amount} fen)` : ''}, got ${r.actual.eligible ? 'eligible' : 'not eligible'} (${r.actual.amount} fen)`,
  })), 'Author tests fail');
}

/** Policy units stored as immutable versions: validate, save, publish, seed the shipped ones. */
export function createPolicyUnitService(deps: { repository: PolicyRepository; catalogue: CatalogueService; clock: Clock }) {
  const repo = deps.repository;
  const today = () => deps.clock.now().toISOString().slice(0, 10);

  function canWrite(actor: Actor, unit: PolicyUnit, stored: StoredUnit | undefined): void {
    if (actor.role === 'platform_admin') return;
    if (actor.role !== 'department_officer') throw new AppError('auth.forbidden', 'Only platform administrators and department officers write policy units');
    if (stored && stored.ownerOrgId !== actor.org.id) throw new AppError('auth.forbidden', `Unit ${unit.id} belongs to another organisation`);
    const division = actor.org.divisionCode;
    const scope = unit.scope ?? [];
    if (!division || scope.length === 0 || scope.some((code) => !/^\d{6,9}$/.test(code) || !isWithin(normaliseDivisionCode(code), division)))
      throw new AppError('auth.forbidden', `A department officer writes units whose scope lies within ${division ?? 'their division'}`, {
        errors: [{ field: '/scope', rule: 'scope.withinDivision', message: `scope must list division codes within ${division ?? 'your division'}` }],
      });
  }

  const service = {
    /** The attribute schema units are checked against (the catalogue's, plus supplementary attributes). */
    async schema(): Promise<AttributeSchema> {
      return policySchema((await deps.catalogue.load()).attributes);
    },

    /** Every problem of a document as a unit (empty when valid). */
    async validate(doc: unknown): Promise<FieldError[]> {
      return unitProblems(doc, await service.schema());
    },

    /** Runs a unit's author tests (the unit must be valid); tests without a date use `defaultAsOf` (today). */
    async runTests(doc: unknown, defaultAsOf = today()): Promise<UnitTestResult[]> {
      const schema = await service.schema();
      assertNoFieldErrors(unitProblems(doc, schema), 'Invalid policy unit');
      return runUnitTests(doc as PolicyUnit, schema, defaultAsOf);
    },

    async list(): Promise<StoredUnit[]> {
      return repo.listUnits();
    },

    /** A unit's version (default: the published one, else the latest). */
    async get(id: string, version?: number): Promise<StoredVersion> {
      const stored = await repo.getUnit(id);
      if (!stored) throw new AppError('not_found', `No policy unit ${id}`);
      const v = await repo.getVersion(id, version ?? stored.publishedVersion ?? stored.latestVersion);
      if (!v) throw new AppError('not_found', `Policy unit ${id} has no version ${version}`);
      return v;
    },

    async versions(id: string): Promise<StoredVersion[]> {
      if (!(await repo.getUnit(id))) throw new AppError('not_found', `No policy unit ${id}`);
      return repo.listVersions(id);
    },

    /**
     * Saves a new version. The document must be valid; an author's `version` must be the unit's
     * latest + 1 (any positive number for a new unit; shipped units may skip numbers). Saving the same document again returns the stored
     * version; an existing version is never changed (409).
     */
    async save(actor: Actor | null, doc: unknown, origin: StoredVersion['origin'] = 'author'): Promise<StoredVersion> {
      assertNoFieldErrors(await service.validate(doc), 'Invalid policy unit');
      const unit = doc as PolicyUnit;
      const hash = unitHash(unit);
      return repo.transaction(async (trx) => {
        const stored = await repo.getUnit(unit.id, trx);
        if (actor) canWrite(actor, unit, stored);
        if (stored && unit.version <= stored.latestVersion) {
          const existing = await repo.getVersion(unit.id, unit.version, trx);
          if (existing?.hash === hash) return existing;
          throw new AppError('conflict', `Version ${unit.version} of ${unit.id} exists and is never changed: save version ${stored.latestVersion + 1}`, {
            errors: [{ field: '/version', rule: 'version.immutable', message: `version ${unit.version} exists; the next is ${stored.latestVersion + 1}` }],
          });
        }
        if (stored && origin === 'author' && unit.version !== stored.latestVersion + 1)
          throw new AppError('validation.failed', `The next version of ${unit.id} is ${stored.latestVersion + 1}`, { errors: [{ field: '/version', rule: 'version.next', message: `the next version is ${stored.latestVersion + 1}` }] });
        const v: StoredVersion = { unitId: unit.id, version: unit.version, unit, hash, origin, createdBy: actor?.userId ?? null, createdAt: deps.clock.now().toISOString() };
        await repo.insertVersion(trx, { ...v, ownerOrgId: stored?.ownerOrgId ?? actor?.org.id ?? null }, !stored);
        return v;
      });
    },

    /** Publishes a version: it must still be valid and pass its author tests. */
    async publish(actor: Actor | null, id: string, version: number): Promise<StoredUnit> {
      const v = await service.get(id, version);
      const stored = (await repo.getUnit(id))!;
      if (actor) canWrite(actor, v.unit, stored);
      assertTestsPass(await service.runTests(v.unit));
      await repo.transaction((trx) => repo.setPublished(trx, id, version, deps.clock.now().toISOString()));
      repo.notePublished();
      return (await repo.getUnit(id))!;
    },

    /**
     * Installs the units this module ships (idempotent): a version not yet stored is saved and
     * published unless an author's version is published; a stored version is left as it is; a unit
     * the current catalogue cannot support is skipped and reported.
     */
    async seedShipped(units: PolicyUnit[] = shippedUnits()): Promise<{ saved: string[]; published: string[]; skipped: { unit: string; errors: FieldError[] }[] }> {
      const saved: string[] = [];
      const published: string[] = [];
      const skipped: { unit: string; errors: FieldError[] }[] = [];
      // A shipped unit the catalogue no longer supports (an attribute removed or retyped) is skipped, not fatal.
      const schema = await service.schema();
      for (const unit of units) {
        const problems = unitProblems(unit, schema);
        if (problems.length > 0) {
          skipped.push({ unit: `${unit.id}@${unit.version}`, errors: problems });
          continue;
        }
        const before = await repo.getUnit(unit.id);
        const existing = before && (await repo.getVersion(unit.id, unit.version));
        if (existing) {
          if (before.publishedVersion === null && existing.hash === unitHash(unit)) {
            await service.publish(null, unit.id, unit.version);
            published.push(`${unit.id}@${unit.version}`);
          }
          continue;
        }
        if (before && unit.version <= before.latestVersion) continue;
        // A shipped file may skip version numbers (only authors must take the next one).
        const stored = await service.save(null, unit, 'shipped');
        saved.push(`${stored.unitId}@${stored.version}`);
        const current = before?.publishedVersion ? await repo.getVersion(unit.id, before.publishedVersion) : undefined;
        if (!current || current.origin === 'shipped') {
          await service.publish(null, stored.unitId, stored.version);
          published.push(`${stored.unitId}@${stored.version}`);
        }
      }
      return { saved, published, skipped };
    },
  };
  return service;
}

/** The policy unit service's interface. */
export type PolicyUnitService = ReturnType<typeof createPolicyUnitService>;
