// The flow engine: durable BPMN processes on the database (see docs/flow.md).
export { createFlowEngine, type FlowEngine } from './engine.ts';
export type { RecountOptions } from './instance-batches.ts';
export { BpmnError, type AlongsideWork, type ServiceHandler, type ServiceHandlerContext, type RulesEvaluator } from './handlers.ts';
export type { FlowEngineOptions, TaskFilter } from './options.ts';
export { importBpmn, checkBpmn, lineFinder, BpmnImportError, type BpmnProblem } from './bpmn-import.ts';
export { exportBpmn } from './bpmn-export.ts';
export { ONETHING_NS } from './bpmn-schema.ts';
export { flowMigrations } from './migrations.ts';
export { startFlowWorker, type FlowWorker } from './worker.ts';
export { replayHistory } from './replay.ts';
export { weekendOnlyCalendar, parseDuration, type FlowCalendar, type Duration } from './time.ts';
export { parseExpression, evaluateExpression, ExpressionError, type Expr } from './expression.ts';
export { FlowError, type InstanceState, type InstanceLimit, type TaskRow, type HistoryEntry, type FlowEvent } from './state.ts';
export { handlingStats, type HandlingStatsQuery, type HandlingStat } from './stats.ts';
export { itemRange } from './store.ts';
export type { CompiledProcess, FlowDefinition, FlowNode } from './model.ts';
export { planMigration, type MigrationReport, type MigrationBlock } from './migrate.ts';
export { buildTimeline, type TimelineStep } from './timeline.ts';
