/** JSON Schemas of the flow (workflow) routes: requests, and answers as the services return them. */

const str = { type: 'string' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const int = { type: 'integer' } as const;

/** An organisation reference: code and both names. */
export const orgRefSchema = { type: ['object', 'null'], required: ['code', 'name', 'nameEn'], properties: { code: str, name: str, nameEn: str } } as const;

/** A BPMN process id (an XML NCName). */
export const processKeyParam = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,127}$' } as const;
/** An engine instance id. */
export const instanceIdParam = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}$' } as const;
/** An engine task id (`<instance>.t<n>`). */
export const taskIdParam = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}\\.[A-Za-z0-9_.-]{1,100}$' } as const;

/** A BPMN file in a JSON body. */
export const xmlBody = { type: 'object', required: ['xml'], additionalProperties: false, properties: { xml: { type: 'string', minLength: 1, maxLength: 2_000_000 } } } as const;

const problem = { type: 'object', required: ['id', 'type', 'line', 'message'], properties: { id: str, type: str, line: int, message: str } } as const;

/** What checking a file found. */
export const checkResultSchema = { type: 'object', required: ['ok', 'key', 'name', 'problems', 'notes'], properties: { ok: { type: 'boolean' }, key: strOrNull, name: strOrNull, problems: { type: 'array', items: problem }, notes: { type: 'array', items: problem } } } as const;

/** A stored version. */
export const uploadResultSchema = { type: 'object', required: ['key', 'version', 'name', 'created'], properties: { key: str, version: int, name: strOrNull, created: { type: 'boolean' } } } as const;

/** The process catalogue. */
export const processListSchema = {
  type: 'object', required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object', required: ['key', 'name', 'latestVersion', 'versions', 'owner', 'internal', 'canEdit', 'running', 'completed'],
        properties: {
          key: str, name: strOrNull, latestVersion: int, versions: int, owner: orgRefSchema, internal: { type: 'boolean' }, canEdit: { type: 'boolean' },
          running: { type: ['integer', 'null'] }, completed: { type: ['integer', 'null'] },
        },
      },
    },
  },
} as const;

/** A process's versions. */
export const versionListSchema = {
  type: 'object', required: ['items'],
  properties: { items: { type: 'array', items: { type: 'object', required: ['definitionId', 'version', 'name', 'createdAt', 'uploadedBy'], properties: { definitionId: str, version: int, name: strOrNull, createdAt: str, uploadedBy: strOrNull } } } },
} as const;

/** What starting an application needs. */
export const startBody = {
  type: 'object', required: ['title'], additionalProperties: false,
  properties: { title: { type: 'string', maxLength: 200 }, note: { type: 'string', maxLength: 4000 }, variables: { type: 'object', additionalProperties: true, maxProperties: 100 } },
} as const;

const instanceSummary = {
  type: 'object', required: ['id', 'key', 'processName', 'version', 'title', 'status', 'startedAt', 'endedAt'],
  properties: {
    id: str, key: str, processName: str, version: int, title: str, applicantName: str, districtCode: strOrNull, status: str,
    startedAt: str, endedAt: strOrNull, followsInstanceId: strOrNull, dueAt: strOrNull, warning: { type: ['string', 'null'], enum: ['none', 'yellow', 'red', null] },
  },
} as const;

/** Applications in the caller's scope. */
export const instanceListSchema = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: instanceSummary } } } as const;

/** The instance view: diagram, highlighted nodes, tasks. */
export const instanceViewSchema = {
  type: 'object', required: ['instance', 'xml', 'activeNodeIds', 'completedNodeIds', 'completedFlowIds', 'tasks', 'variables'],
  properties: {
    instance: instanceSummary,
    xml: str,
    activeNodeIds: { type: 'array', items: str },
    completedNodeIds: { type: 'array', items: str },
    completedFlowIds: { type: 'array', items: str },
    tasks: {
      type: 'array',
      items: {
        type: 'object', required: ['id', 'elementId', 'name', 'state', 'warning', 'org', 'createdAt', 'dueAt', 'completedAt'],
        properties: { id: str, elementId: str, name: strOrNull, state: str, warning: str, org: orgRefSchema, createdAt: str, dueAt: strOrNull, completedAt: strOrNull },
      },
    },
    variables: { type: ['object', 'null'], additionalProperties: true },
  },
} as const;

/** The applicant's progress. */
export const progressSchema = {
  type: 'object', required: ['instance', 'steps', 'corrections', 'rating', 'canRate'],
  properties: {
    instance: instanceSummary,
    steps: {
      type: 'array',
      items: {
        type: 'object', required: ['elementId', 'name', 'kind', 'org', 'state', 'startedAt', 'deadline', 'finishedAt'],
        properties: { elementId: str, name: str, kind: str, org: orgRefSchema, state: { type: 'string', enum: ['active', 'suspended', 'done', 'cancelled'] }, startedAt: str, deadline: strOrNull, finishedAt: strOrNull },
      },
    },
    corrections: {
      type: 'array',
      items: { type: 'object', required: ['id', 'reason', 'requestedAt', 'answer', 'answeredAt'], properties: { id: str, reason: str, requestedAt: str, answer: strOrNull, answeredAt: strOrNull } },
    },
    rating: { type: ['object', 'null'], required: ['score', 'comment', 'ratedAt'], properties: { score: int, comment: strOrNull, ratedAt: str } },
    canRate: { type: 'boolean' },
  },
} as const;

/** A rating (好差评). */
export const ratingBody = { type: 'object', required: ['score'], additionalProperties: false, properties: { score: { type: 'integer', minimum: 1, maximum: 5 }, comment: { type: 'string', maxLength: 500 } } } as const;

/** The officials' inbox. */
export const inboxSchema = {
  type: 'object', required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'instanceId', 'elementId', 'name', 'processKey', 'processName', 'title', 'applicantName', 'state', 'warning', 'createdAt', 'dueAt', 'org', 'assignee', 'mine', 'form', 'correction'],
        properties: {
          id: str, instanceId: str, elementId: str, name: strOrNull, processKey: str, processName: str, title: str, applicantName: str,
          state: { type: 'string', enum: ['open', 'suspended'] }, warning: { type: 'string', enum: ['none', 'yellow', 'red'] }, createdAt: str, dueAt: strOrNull,
          org: orgRefSchema,
          assignee: { type: ['object', 'null'], required: ['id', 'name'], properties: { id: str, name: str } },
          mine: { type: 'boolean' },
          form: { type: ['object', 'null'], additionalProperties: true },
          correction: { type: ['object', 'null'], required: ['id', 'reason', 'requestedAt'], properties: { id: str, reason: str, requestedAt: str } },
        },
      },
    },
  },
} as const;

/** Handling-time statistics. */
export const statisticsSchema = {
  type: 'object', required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'group', 'processName', 'stepName', 'org', 'finished', 'avgWorkingDays', 'medianWorkingDays', 'p90WorkingDays', 'maxWorkingDays', 'avgHours', 'avgSuspendedWorkingDays', 'overdue', 'open', 'openOverdue'],
        properties: {
          key: str, group: strOrNull, processName: str, stepName: strOrNull, org: orgRefSchema, finished: int, avgWorkingDays: { type: 'number' }, medianWorkingDays: { type: 'number' }, avgSuspendedWorkingDays: { type: 'number' },
          p90WorkingDays: { type: 'number' }, maxWorkingDays: { type: 'number' }, avgHours: { type: 'number' }, overdue: int, open: int, openOverdue: int,
        },
      },
    },
  },
} as const;
