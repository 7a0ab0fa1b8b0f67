import type { Expr, Template } from './expression.ts';
import type { Duration } from './time.ts';

/** What a node does when a token reaches it. */
export type NodeKind =
  | 'startEvent'
  | 'endEvent'
  | 'userTask'
  | 'serviceTask'
  | 'businessRuleTask'
  | 'passTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'subProcess'
  | 'callActivity'
  | 'timerCatch'
  | 'messageCatch'
  | 'boundaryEvent'
  /** Event-based gateway: waits on the timer and message catch events it leads to; the first to happen wins. */
  | 'eventGateway';

/** When a timer fires: after a duration, at a date an expression gives, or at a share of the attached task's limit. */
export interface TimerSpec {
  duration?: Duration;
  /**
   * Timer cycles (`timeCycle`): fire this many times (`R3/…`), or with no bound (`unbounded`, `R/…`),
   * `duration` apart, from `cycleStart` (`R3/2026-12-01T09:00:00/P1D`; local time unless it names a zone)
   * or from when the timer is armed, never after `cycleEnd` (`R/PT1H/2026-12-31T18:00:00`). Only a
   * non-interrupting boundary event repeats; elsewhere the first occurrence fires.
   */
  cycle?: number;
  unbounded?: boolean;
  cycleStart?: string;
  cycleEnd?: string;
  date?: Template;
  limitShare?: number;
}

/** Settings of a user task (from the task, its lane and our extension attributes). */
export interface UserTaskSpec {
  candidateRoles: string[];
  candidateOrg?: Template;
  assignee?: Template;
  formKey?: string;
  form?: Record<string, unknown>;
  timeLimit?: Duration;
  /** Share of the time limit at which the yellow warning is raised (default 0.8). */
  warnAt: number;
}

/**
 * Parallel or sequential multi-instance: one instance per element of `collection`, or `cardinality` instances
 * (BPMN `loopCardinality`). With both, as in Camunda 7, Flowable and Activiti, `cardinality` instances run, each
 * given the collection's element at its index. Definitions compiled before `cardinality` existed have a collection.
 */
export interface MultiInstanceSpec {
  sequential: boolean;
  /** The list to run over; absent when only `cardinality` says how many instances run (then no element variable is set). */
  collection?: Expr;
  /** How many instances run: must evaluate to a non-negative integer (or a string of digits). */
  cardinality?: Expr;
  elementVariable: string;
  outputCollection?: string;
  outputElement?: string;
  completionCondition?: Expr;
}

/** One executable node of a compiled definition. */
export interface FlowNode {
  id: string;
  kind: NodeKind;
  /** The BPMN type it came from, e.g. `bpmn:SendTask`. */
  type: string;
  name?: string;
  /** Id of the embedded subprocess it sits in, or null at the process level. */
  scope: string | null;
  incoming: string[];
  outgoing: string[];
  defaultFlow?: string;
  /** Boundary events attached to this activity. */
  boundaries: string[];
  terminate?: boolean;
  /** Error end events: the code they throw; error boundary events: the code they catch (undefined: any). */
  errorCode?: string;
  /** Service, send and message-throw nodes: the handler's name. */
  handler?: string;
  /** Business-rule tasks: the decision the rules evaluator runs, and where its result goes. */
  decision?: string;
  resultVariable?: string;
  /** Service and business-rule nodes with `onething:async="true"`: always a job of its own, never run inline. */
  async?: boolean;
  userTask?: UserTaskSpec;
  timer?: TimerSpec;
  message?: { name: string; correlationKey?: Template };
  multiInstance?: MultiInstanceSpec;
  call?: { key: string; version: number | 'latest'; inputs?: string[]; outputs?: string[] };
  /** Subprocesses: their none start event. */
  startNodeId?: string;
  boundary?: { attachedTo: string; interrupting: boolean; type: 'timer' | 'error' | 'message' };
  /** Event-based gateways with `instantiate="true"`: the process starts by waiting here (see CompiledProcess.startNodeId). */
  instantiate?: boolean;
  /** Start events: the variable set to the user who starts the instance (the actor of `start`), unless given. */
  initiator?: string;
}

/** A sequence flow, with its condition parsed. */
export interface FlowEdge {
  id: string;
  source: string;
  target: string;
  condition?: Expr;
}

/** An imported, validated process ready to run; stored as JSON with its definition row. */
export interface CompiledProcess {
  /** The BPMN process id: the key versions share. */
  key: string;
  name?: string;
  nodes: Record<string, FlowNode>;
  flows: Record<string, FlowEdge>;
  /** The none start event of the process level, or its instantiating event-based gateway. */
  startNodeId?: string;
  /**
   * Message start events by message name; also the message catch events after an instantiating
   * event-based gateway (a message no instance waits for starts the process there).
   */
  messageStarts: Record<string, string>;
  /** The instance's own time limit (process `onething:timeLimit`), and the share of it that turns it yellow (default 0.8). */
  timeLimit?: Duration;
  warnAt?: number;
}

/** A stored, versioned definition. */
export interface FlowDefinition {
  id: string;
  key: string;
  version: number;
  name?: string;
  xml: string;
  process: CompiledProcess;
  createdAt: string;
}
