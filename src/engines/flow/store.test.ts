import { describe, expect, it } from 'vitest';
import { newInstanceState } from './events.ts';
import { pgWriteScript } from './pg-rows.ts';
import type { HistoryEntry, InstanceState } from './state.ts';
import { historyFrom, historyRecord, historyRecords, planWrite, writtenRowsOf } from './store.ts';

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

  it('packs the inputs of a transaction into history rows that stay within a page, giving back the same lines', () => {
    const big = { text: 'x'.repeat(300) };
    let seq = 0;
    const input = (actor: string | null, n: number, data: unknown = null) =>
      Array.from({ length: n }, (_, i) => ({ ...line(++seq, i === 0 ? 'in:jobDone' : 'enter', actor), data }));
    const inputs = [input('usr_1', 2), input(null, 3), input(null, 2, big), input(null, 2, big), input('usr_2', 1)];
    const rows = historyRecords('fi_1', inputs);
    // Small inputs share a row; the lines of each row stay within the budget; nothing is lost or reordered.
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.length).toBeLessThan(inputs.length);
    for (const r of rows) expect(Buffer.byteLength(r.lines as string)).toBeLessThanOrEqual(850);
    expect(rows.flatMap(historyFrom)).toEqual(inputs.flat());
    // Each row starts at an input, with that input's first line's sequence number, time and actor.
    for (const r of rows) expect(inputs.some((i) => i[0].seq === r.seq && i[0].actor === r.actor)).toBe(true);
    // One small transaction is one row, encoded as historyRecord encodes it.
    expect(historyRecords('fi_1', inputs.slice(0, 2))).toEqual([historyRecord('fi_1', inputs.slice(0, 2).flat())]);
    // Non-ASCII text counts in bytes.
    const wide = [input('张三', 1, { note: '补正'.repeat(100) }), input('张三', 1, { note: '补正'.repeat(100) })];
    for (const r of historyRecords('fi_1', wide)) expect(Buffer.byteLength(r.lines as string)).toBeLessThanOrEqual(850);
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
    const script = pgWriteScript(writes).split(';\n');
    expect(script.filter((st) => st.includes('update flow_instances'))).toHaveLength(1);
    expect(script.filter((st) => st.startsWith('update flow_tokens'))).toHaveLength(1);
    expect(script[0]).toContain("flow_conflict(v.id)");
    expect(script.join(';')).toContain("'O''Brien'");
  });
});
