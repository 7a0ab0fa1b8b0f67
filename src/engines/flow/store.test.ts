import { describe, expect, it } from 'vitest';
import { newInstanceState } from './events.ts';
import { pgWriteBatch } from './pg-rows.ts';
import type { HistoryEntry, InstanceState, JobRow, SubscriptionRow, TaskRow, TokenRow } from './state.ts';
import { HISTORY_ROW_BUDGET, historyFrom, historyRecord, historyRecords, instanceFrom, instanceRecord, planWrite, writtenRowsOf } from './store.ts';

const at = '2026-03-02T01:00:00.000Z';
const line = (seq: number, kind: string, actor: string | null): HistoryEntry => ({ seq, at, kind, elementId: 'e', tokenId: null, actor, data: null, input: kind.startsWith('in:') });

function running(id: string): InstanceState {
  const s = newInstanceState({ id, definitionId: 'fdef_1', key: 'p', version: 1, startedAt: at });
  s.tokens[`${id}.t1`] = { id: `${id}.t1`, elementId: 'review', scopeId: null, state: 'waiting', enteredAt: at };
  s.seq = 1;
  s.hseq = 3;
  return s;
}

describe('flow rows', () => {
  it('keeps several inputs of one transaction in one history row, each line with its own actor', () => {
    const lines = [line(4, 'in:completeTask', 'usr_1'), line(5, 'leave', 'usr_1'), line(6, 'in:jobDone', null), line(7, 'enter', null)];
    const row = historyRecord('fi_1', lines);
    expect(row).toMatchObject({ instance_id: 'fi_1', seq: 4, actor: 'usr_1' });
    expect(historyFrom(row)).toEqual(lines);
  });

  it("writes the instance's own token ids without the instance id, and reads them back whole", () => {
    const lines = [{ ...line(1, 'enter', null), tokenId: 'fi_1.t1' }, { ...line(2, 'enter', null), tokenId: 'fi_10.t1' }, { ...line(3, 'enter', null), tokenId: 'other.t1' }];
    const [row] = historyRecords('fi_1', [lines]);
    expect(JSON.parse(row.lines as string).map((l: unknown[]) => l[2])).toEqual(['.t1', 'fi_10.t1', 'other.t1']);
    expect(historyFrom(row)).toEqual(lines);
    // Rows written before, with whole token ids, read the same.
    expect(historyFrom({ ...row, lines: JSON.stringify(lines.map((h) => [h.kind, h.elementId, h.tokenId, h.data])) })).toEqual(lines);
  });

  it('packs the inputs of a transaction into history rows that stay within a page, giving back the same lines', () => {
    const big = { text: 'x'.repeat(Math.floor(HISTORY_ROW_BUDGET / 3)) };
    let seq = 0;
    const input = (actor: string | null, n: number, data: unknown = null) =>
      Array.from({ length: n }, (_, i) => ({ ...line(++seq, i === 0 ? 'in:jobDone' : 'enter', actor), data }));
    const inputs = [input('usr_1', 2), input(null, 3), input(null, 2, big), input(null, 2, big), input('usr_2', 1)];
    const rows = historyRecords('fi_1', inputs);
    // Small inputs share a row; the lines of each row stay within the budget; nothing is lost or reordered.
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.length).toBeLessThan(inputs.length);
    for (const r of rows) expect(Buffer.byteLength(r.lines as string)).toBeLessThanOrEqual(HISTORY_ROW_BUDGET);
    expect(rows.flatMap(historyFrom)).toEqual(inputs.flat());
    // Each row starts at an input, with that input's first line's sequence number, time and actor.
    for (const r of rows) expect(inputs.some((i) => i[0].seq === r.seq && i[0].actor === r.actor)).toBe(true);
    // One small transaction is one row, encoded as historyRecord encodes it.
    expect(historyRecords('fi_1', inputs.slice(0, 2))).toEqual([historyRecord('fi_1', inputs.slice(0, 2).flat())]);
    // Non-ASCII text counts in bytes.
    const note = '补正'.repeat(Math.ceil(HISTORY_ROW_BUDGET / 10)); // 6 bytes, 2 characters each: together over the budget in bytes only
    const wide = [input('张三', 1, { note }), input('张三', 1, { note })];
    for (const r of historyRecords('fi_1', wide)) expect(Buffer.byteLength(r.lines as string)).toBeLessThanOrEqual(HISTORY_ROW_BUDGET);
    expect(historyRecords('fi_1', wide)).toHaveLength(2);
  });

  it('writes only the rows and columns a step changed', () => {
    const s = running('fi_1');
    const written = writtenRowsOf(s);
    s.tokens['fi_1.t1'].elementId = 'approval';
    s.hseq = 5;
    const w = planWrite(written, s, false, 3, [[line(4, 'in:completeTask', 'usr_1'), line(5, 'enter', 'usr_1')]]);
    expect(w.instance).toEqual({ id: 'fi_1', seq: 1, hseq: 5, live: expect.any(String) });
    expect(w.updates).toEqual([['flow_tokens', { id: 'fi_1.t1', element_id: 'approval' }]]);
    expect(w.history).toHaveLength(1);
    expect(w.inserts).toEqual([]);
    // Nothing changed since: only the instance's counters and document are written.
    expect(planWrite(written, s, false, 5, []).updates).toEqual([]);
  });

  it('updates many instances with the same changed columns in one checked statement on PostgreSQL', () => {
    const writes = ['fi_1', 'fi_2'].map((id) => {
      const s = running(id);
      const written = writtenRowsOf(s);
      s.tokens[`${id}.t1`].elementId = 'approval';
      s.hseq = 4;
      return planWrite(written, s, false, 3, [[line(4, 'in:completeTask', "O'Brien")]]);
    });
    const { text, values } = pgWriteBatch(writes);
    expect(text.match(/update flow_instances/g)).toHaveLength(1);
    expect(text.match(/update flow_tokens/g)).toHaveLength(1);
    expect(text).toContain('select flow_conflict(v.id)');
    // Values travel as JSON parameters, never in the text.
    expect(text).not.toContain('Brien');
    expect(values.some((v) => JSON.parse(v as string).some((r: { actor?: string }) => r.actor === "O'Brien"))).toBe(true);
  });

  describe('the live document', () => {
    // Items with every field set (`Required`: a field added to a row type must be added here, and so to the document).
    function everything(id: string): InstanceState {
      const s = running(id);
      const own = (x: string) => `${id}.${x}`;
      const full: Required<TokenRow> = {
        id: own('t2'), elementId: 'body', scopeId: own('t1'), state: 'joining', flowId: 'f1', locals: { item: 'x', loopCounter: 2, n: null },
        mi: { items: ['a', 'b'], next: 1, completed: 1, results: [null, { ok: true }] }, miIndex: 1, childId: own('c3'), enteredAt: at,
      };
      s.tokens[full.id] = full;
      s.tokens[own('t1')] = { id: own('t1'), elementId: 'sub', scopeId: null, state: 'waiting', enteredAt: at };
      // Another instance's ids, one with this instance's id as its prefix, are kept whole.
      s.tokens[own('t4')] = { id: own('t4'), elementId: 'call', scopeId: own('t1'), state: 'waiting', childId: `${id}0.c1`, locals: { loopCounter: 0 }, enteredAt: at };
      const task: Required<TaskRow> = {
        id: own('k5'), tokenId: own('t2'), elementId: 'review', name: 'Review', candidateRoles: ['clerk', 'head'], candidateOrg: 'org_1', assignee: 'usr_1',
        formKey: 'f', state: 'suspended', createdAt: at, dueAt: at, dueUnit: 'wd', warning: 'yellow', suspendedAt: at, suspendReason: 'waiting for papers',
        completedAt: at, completedBy: 'usr_2',
      };
      s.tasks[task.id] = task;
      s.tasks[own('k6')] = { ...task, id: own('k6'), name: null, candidateRoles: [], candidateOrg: null, assignee: null, formKey: null, state: 'open', dueAt: null, dueUnit: null, warning: 'none', suspendedAt: null, suspendReason: null, completedAt: null, completedBy: null };
      const job: Required<JobRow> = {
        id: own('j7'), tokenId: own('t2'), elementId: 'review', kind: 'warning', dueAt: at, unit: 'wd', state: 'failed', attempts: 3, lastError: 'boom', data: { taskId: own('k5'), level: 'red' },
      };
      s.jobs[job.id] = job;
      s.jobs[own('j8')] = { id: own('j8'), tokenId: '', elementId: 'p', kind: 'warning', dueAt: at, unit: 'ms', state: 'ready', attempts: 0, lastError: null, data: { scope: 'instance', level: 'yellow' } };
      s.jobs[own('j9')] = { ...job, id: own('j9'), kind: 'service', lastError: null, data: { taskId: `${id}0.k1`, handler: 'h' } };
      const sub: Required<SubscriptionRow> = { id: own('m10'), tokenId: own('t4'), elementId: 'wait', messageName: 'paid', correlationKey: 'A-1', createdAt: at };
      s.subscriptions[sub.id] = sub;
      s.subscriptions[own('m11')] = { ...sub, id: own('m11'), correlationKey: null };
      s.variables = { applicant: 'A', list: [1, null, { deep: 'x' }], none: null, text: '补正' };
      s.limit = { dueAt: at, unit: 'wd', warning: 'red', suspendedAt: at };
      s.parentInstanceId = 'fi_0';
      s.parentTokenId = 'fi_0.t9';
      return s;
    }

    it('reads back the state it was written from', () => {
      for (const id of ['fi_1', 'fi_0.c3', 'fi_1.c3.c2']) {
        const s = everything(id);
        const row = instanceRecord(s);
        expect(instanceFrom(row)).toStrictEqual(s);
        // The instance's own ids are written from their dot; the others, also those that begin with the instance's id, whole.
        expect(row.live).not.toContain(`"${id}.`);
        expect(row.live).toContain(`"${id}0.c1"`);
        expect(row.live).toContain(`"${id}0.k1"`);
      }
      // Empty collections, no limit.
      const bare = newInstanceState({ id: 'fi_2', definitionId: 'fdef_1', key: 'p', version: 1, startedAt: at });
      expect(instanceFrom(instanceRecord(bare))).toStrictEqual(bare);
      expect(instanceFrom(instanceRecord(running('fi_3')))).toStrictEqual(running('fi_3'));
    });

    it('keeps finished tasks out of the document', () => {
      const s = everything('fi_1');
      s.tasks['fi_1.k5'].state = 'completed';
      const back = instanceFrom(instanceRecord(s));
      delete s.tasks['fi_1.k5'];
      expect(back).toStrictEqual(s);
    });

    it('reads documents written before, as objects with whole ids', () => {
      for (const s of [everything('fi_1'), running('fi_3')]) {
        const old = JSON.stringify({ variables: s.variables, tokens: s.tokens, tasks: s.tasks, jobs: s.jobs, subscriptions: s.subscriptions, ...(s.limit ? { limit: s.limit } : {}) });
        const row = { ...instanceRecord(s), live: old };
        expect(instanceFrom(row)).toStrictEqual(s);
        // Less than half as long as the old document.
        expect((instanceRecord(s).live as string).length).toBeLessThan(old.length / 2);
      }
    });
  });
});
