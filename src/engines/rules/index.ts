/**
 * The rules engine: policy units as data (JSON, schema-validated), compiled once, evaluated three
 * ways — one subject with explanations, a whole columnar population on worker threads, and a
 * draft against the population (sandbox). Generic: the caller declares the attributes.
 * @example
 * const unit = compileUnit(policyUnit, schema, '2025-06-30');
 * const [result] = explainSubject([unit], rowSubject(facts, schema), schema);
 */
export type * from './types.ts';
export type { CompiledUnit, Node, BenefitIR } from './ir.ts';
export { compileUnit, validateUnit, validateAttributeSchema, indexAttributes } from './compile.ts';
export { OPERATORS } from './compile-expr.ts';
export { valueAsOf } from './params.ts';
export { explainSubject, type SubjectResult, type Explanation, type ExplainedCondition, type ExplainedGroup } from './explain.ts';
export { screenSubject, type SubjectScreen } from './screen.ts';
export { evaluateRow, rowSubject, rowReader, amountFor } from './row-eval.ts';
export { runAuthorTests, type AuthorTestResult } from './author-tests.ts';
export { createSnapshot, writeFacts, readFacts, snapshotFromFacts, type ColumnSnapshot, type Column } from './snapshot.ts';
export { matchPopulation, eligibleSet, type PopulationResult, type MatchOptions } from './population.ts';
export { createPopulationPool, isShared, type PopulationPool } from './population-pool.ts';
export { createSandbox, withParameter, type Sandbox, type SandboxResult, type SandboxOptions } from './sandbox.ts';
export { formatFenZh, formatFenEn } from './money.ts';
export { describeUnit, type UnitDescription, type Description } from './describe.ts';
