import { createFlowEngine, startFlowWorker, type FlowWorker, type ServiceHandler } from '../../engines/flow/index.ts';
import type { Database } from '../../db/index.ts';
import { chinaCalendar } from '../../kernel/calendar.ts';
import { platformCalendar } from './calendar.ts';
import { createHolidayNoticesService } from './holiday-notices.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import { createDefinitionsService } from './definitions.service.ts';
import { createInstancesService } from './instances.service.ts';
import { FOLLOW_UP_KEY, FOLLOW_UP_XML, PLATFORM_HANDLERS } from './platform-processes.ts';
import { createStatisticsService } from './statistics.service.ts';
import { createTasksService } from './tasks.service.ts';
import { createWorkflowContext, type WorkflowContext } from './workflow.context.ts';
import { createWorkflowRepository } from './workflow.repository.ts';
import type { WorkflowDecisions } from './decisions.ts';

/** Owner of the platform's internal processes (they belong to no organisation). */
export const PLATFORM_OWNER = 'platform';

/**
 * The workflow module: the flow engine on the platform's database with the
 * Chinese working-day calendar in Beijing time, and the services the API uses —
 * definitions, applications (instances) and officials' tasks.
 */
export function createWorkflowServices(deps: {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  identity: WorkflowContext['identity'];
  enterprises: WorkflowContext['enterprises'];
  audit?: WorkflowContext['audit'];
  handlers?: Record<string, ServiceHandler>;
  /** What business-rule tasks evaluate (`createPolicyDecisions`); without it uploads refuse them. */
  decisions?: WorkflowDecisions;
  /** The engine's group commit (batch runs such as the entry bench turn it on; off by default). */
  groupCommit?: boolean;
}) {
  const handlers = { ...PLATFORM_HANDLERS, ...deps.handlers };
  const calendar = platformCalendar(chinaCalendar);
  const engine = createFlowEngine({ database: deps.database, clock: deps.clock, ids: deps.ids, calendar, utcOffsetMinutes: 480, handlers, groupCommit: deps.groupCommit,
    rules: deps.decisions ? (unit, variables) => deps.decisions!.evaluate(unit, variables) : undefined });
  const handlerNames = new Set(Object.keys(handlers));
  const ctx = createWorkflowContext({
    engine, repo: createWorkflowRepository(deps.database), identity: deps.identity, enterprises: deps.enterprises,
    clock: deps.clock, ids: deps.ids, handlerNames, audit: deps.audit, decisions: deps.decisions,
  });
  const definitions = createDefinitionsService(ctx);
  const instances = createInstancesService(ctx);
  let ensured: Promise<void> | undefined;
  const ensurePlatformProcesses = () =>
    (ensured ??= (async () => {
      if (!(await engine.getDefinition(FOLLOW_UP_KEY))) await definitions.deployAs(PLATFORM_OWNER, FOLLOW_UP_XML, { uploadedBy: null, internal: true });
    })().catch((err: unknown) => {
      ensured = undefined;
      throw err;
    }));
  return {
    engine,
    definitions,
    instances: {
      ...instances,
      /** See InstancesService.rate; deploys the follow-up process on first use. */
      async rate(...args: Parameters<typeof instances.rate>) {
        await ensurePlatformProcesses();
        return instances.rate(...args);
      },
    },
    tasks: createTasksService(ctx),
    /** The calendar the engine counts working days on (the holiday notices put theirs into it). */
    calendar,
    /** The holiday notices time limits are counted on: `load` them before flows run (startPlatform does). */
    holidays: createHolidayNoticesService({ database: deps.database, clock: deps.clock, calendar, audit: deps.audit, recount: (previous, actor, opts) => engine.recountDeadlines(previous, { actor, ...opts }) }),
    statistics: createStatisticsService(ctx),
    ensurePlatformProcesses,
    /** Registers a scenario's service handler (by name) for its processes; uploads may name it from then on. */
    registerHandler(name: string, handler: ServiceHandler): void {
      engine.registerHandler(name, handler);
      handlerNames.add(name);
    },
    /** Runs service tasks, timers and time-limit warnings in the background until stopped. */
    startWorker(onError?: (err: unknown) => void): FlowWorker {
      return startFlowWorker(engine, { idleMs: 500, onError });
    },
  };
}

/** The workflow services. */
export type WorkflowServices = ReturnType<typeof createWorkflowServices>;
