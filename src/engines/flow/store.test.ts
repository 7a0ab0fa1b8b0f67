import { describe, expect, it } from 'vitest';
import { newInstanceState } from './events.ts';
import { pgWriteBatch } from './pg-rows.ts';
import type { HistoryEntry, InstanceState } from './state.ts';
import { HISTORY_ROW_BUDGET, historyFrom, historyRecord, historyRecords, instanceFrom, instanceRecord, itemColumns, planWrite, writtenRowsOf } from './store.ts';
import { everyFieldState, runningState } from './test-support.ts';

const at = '2026-03-02T01:00:00.000Z';
const line = (seq: number, kind: string, actor: string | null): HistoryEntry => ({ seq, at, kind, elementId: 'e', tokenId: null, actor, data: null, input: kind.startsWith('in:') });

const running = (id: string) => runningState(id, at);

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

  it('writes lines short where that loses nothing, and reads them and whole lines back the same', () => {
    const lines: HistoryEntry[] = [
      { ...line(1, 'in:completeTask', 'usr_1'), data: { type: 'completeTask', taskId: 'fi_1.k2', data: {} } },
      { ...line(2, 'leave', 'usr_1'), tokenId: 'fi_1.t1' },
      { ...line(3, 'enter', 'usr_1'), data: { via: 'f1' } },
      { ...line(4, 'leave', 'usr_1'), data: { flows: ['f2', 'f3'] } },
      { ...line(5, 'enter', 'usr_1'), data: { via: 'f2', extra: 1 } },
      { ...line(6, 'enter', 'usr_1'), data: { boundaryOf: 'task' } },
      { ...line(7, 'leave', 'usr_1'), data: { flows: 'not a list' } },
      { ...line(8, 'leave', 'usr_1'), data: { flows: [], why: 'x' } },
      { ...line(9, 'enter', null), data: { via: 'f4' } },
      line(10, 'leave', null),
      { ...line(11, 'warning', 'usr_1'), data: 'via' },
    ];
    const row = historyRecord('fi_1', lines);
    expect(JSON.parse(row.lines as string).slice(1, 4)).toEqual([['leave', 'e', '.t1'], ['enter', 'e', null, 'f1'], ['leave', 'e', null, ['f2', 'f3']]]);
    expect(JSON.parse(row.lines as string).slice(8, 10)).toEqual([['enter', 'e', null, 'f4', null], ['leave', 'e', null, null, null]]);
    expect(historyFrom(row)).toEqual(lines);
    // Rows written before, every line whole, read the same.
    const whole = JSON.stringify(lines.map((h) => (h.actor === 'usr_1' ? [h.kind, h.elementId, h.tokenId, h.data] : [h.kind, h.elementId, h.tokenId, h.data, h.actor])));
    expect(historyFrom({ ...row, lines: whole })).toEqual(lines);
    // Data left undefined reads back as null, as before.
    expect(historyFrom(historyRecord('fi_1', [{ ...line(1, 'enter', null), data: undefined }]))[0].data).toBeNull();
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
    s.tokens.get('fi_1.t1')!.elementId = 'approval';
    s.hseq = 5;
    const w = planWrite(written, s, false, 3, [[line(4, 'in:completeTask', 'usr_1'), line(5, 'enter', 'usr_1')]]);
    expect(w.instance).toEqual({ id: 'fi_1', seq: 1, hseq: 5 });
    expect(w.updates).toEqual([['flow_tokens', { id: 'fi_1.t1', element_id: 'approval' }]]);
    expect(w.history).toHaveLength(1);
    expect(w.inserts).toEqual([]);
    // Nothing changed since: only the instance's counters are written.
    expect(planWrite(written, s, false, 5, []).updates).toEqual([]);
  });

  it('updates many instances with the same changed columns in one checked statement on PostgreSQL', () => {
    const writes = ['fi_1', 'fi_2'].map((id) => {
      const s = running(id);
      const written = writtenRowsOf(s);
      s.tokens.get(`${id}.t1`)!.elementId = 'approval';
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

  describe('the state as rows', () => {
    const withItems = (s: InstanceState) => ({ ...instanceRecord(s), ...itemColumns(s) });

    it('reads back the state it was written from, items in the order the instance made them', () => {
      for (const id of ['fi_1', 'fi_0.c3', 'fi_1.c3.c2']) {
        const s = everyFieldState(id);
        // Rows come in key order (`t12` before `t2`), here reversed.
        const row = withItems(s);
        row.tokens = JSON.stringify(JSON.parse(row.tokens as string).reverse());
        const back = instanceFrom(row);
        expect(back).toStrictEqual(s);
        expect([...back.tokens.keys()]).toEqual([`${id}.t1`, `${id}.t2`, `${id}.t4`, `${id}.t12`]);
        // The instance row keeps only variables and the time limit; items are rows of their own.
        expect(instanceRecord(s).live).not.toContain('review');
      }
      // Empty collections, no limit.
      const bare = newInstanceState({ id: 'fi_2', definitionId: 'fdef_1', key: 'p', version: 1, startedAt: at });
      expect(instanceFrom(withItems(bare))).toStrictEqual(bare);
      expect(instanceFrom(withItems(running('fi_3')))).toStrictEqual(running('fi_3'));
    });

    it('reads the variables and limit of documents written before, and takes items from the rows', () => {
      for (const s of [everyFieldState('fi_1'), running('fi_3')]) {
        const asObject = JSON.stringify({ variables: s.variables, tokens: {}, tasks: {}, jobs: {}, subscriptions: {}, ...(s.limit ? { limit: s.limit } : {}) });
        expect(instanceFrom({ ...withItems(s), live: asObject })).toStrictEqual(s);
        const limit = s.limit ? [[s.limit.dueAt, s.limit.unit, s.limit.warning, s.limit.suspendedAt]] : [];
        const format1 = JSON.stringify([1, s.variables, [], [], [], [], ...limit]);
        expect(instanceFrom({ ...withItems(s), live: format1 })).toStrictEqual(s);
      }
      expect(() => instanceFrom({ ...withItems(running('fi_4')), live: '[9,{}]' })).toThrow(/unknown live document format 9/);
    });

    it('writes the variables only when they changed', () => {
      const s = running('fi_1');
      const written = writtenRowsOf(s);
      s.hseq = 4;
      expect(planWrite(written, s, false, 3, [[line(4, 'enter', null)]]).instance).toEqual({ id: 'fi_1', seq: 1, hseq: 4 });
      s.variables.ok = true;
      s.hseq = 5;
      const w = planWrite(written, s, false, 4, [[line(5, 'in:completeTask', 'usr_1')]]);
      expect(w.instance).toEqual({ id: 'fi_1', seq: 1, hseq: 5, live: '[2,{"ok":true}]' });
    });
  });
});
