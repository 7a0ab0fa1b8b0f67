import type { Kysely } from 'kysely';
import type { StepSession } from './session.ts';
import type { InstanceState, TaskRow } from './state.ts';

/** What a service handler is given. Use `idempotencyKey` for external calls: a retried job passes the same key. */
export interface ServiceHandlerContext {
  instanceId: string;
  businessKey: string | null;
  elementId: string;
  jobId: string;
  idempotencyKey: string;
  attempt: number;
  /** The variables the step sees (instance variables and the multi-instance element). */
  variables: Readonly<Record<string, unknown>>;
  now: Date;
  /**
   * The instance's tasks as the step sees them, its own changes included (who completed the task that led here):
   * its rows in the database are written when the step commits, so a query through `db` sees them as before the step.
   */
  readonly tasks: readonly Readonly<TaskRow>[];
  /** The step's transaction: database work done here commits with the step or not at all. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>;
}

/**
 * The context a handler gets. A class, for `db` to be a getter on its prototype: in an object literal, a getter
 * makes each context cost about fifteen times as much to build (a slow-mode object), and every service job builds one.
 */
export class HandlerContext implements ServiceHandlerContext {
  readonly idempotencyKey: string;
  readonly now: Date;
  readonly #session: StepSession;
  readonly #state: InstanceState;
  readonly instanceId: string;
  readonly businessKey: string | null;
  constructor(
    session: StepSession, state: InstanceState, readonly elementId: string, readonly jobId: string,
    readonly attempt: number, readonly variables: Readonly<Record<string, unknown>>,
  ) {
    this.instanceId = state.id;
    this.businessKey = state.businessKey;
    this.idempotencyKey = jobId;
    this.now = session.now;
    this.#session = session;
    this.#state = state;
  }

  get tasks(): readonly Readonly<TaskRow>[] {
    return [...this.#state.tasks.values()];
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  get db(): Kysely<any> {
    return this.#session.db; // on PostgreSQL, asking for it is what takes a pooled connection for the step
  }
}

/** A service or send task's code: returns variables to set, or throws BpmnError for a modelled error. */
export type ServiceHandler = (ctx: ServiceHandlerContext) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;

/**
 * A caller's own database work done with a step, in its transaction, after the step's event: the caller's rows
 * (an application record, a correction request) commit with the step or neither does. It may run more than once
 * (a lost race or a failed group runs the step again, after rolling back what it did): no effects outside the database.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AlongsideWork = (db: Kysely<any>, instanceId: string) => Promise<void>;

/** Evaluates a business-rule task's decision against the step's variables. */
export type RulesEvaluator = (decision: string, variables: Readonly<Record<string, unknown>>) => Promise<unknown> | unknown;

/** Thrown by a handler to take an error boundary event with this code. */
export class BpmnError extends Error {
  readonly code: string;
  constructor(code: string, message = code) {
    super(message);
    this.name = 'BpmnError';
    this.code = code;
  }
}
