import { describe, expect, it } from 'vitest';
import { startFlowWorker } from './worker.ts';

describe('flow worker', () => {
  it('runs rounds while there is work, idles when there is none, reports errors and stops', async () => {
    const rounds: number[] = [];
    const queue = [3, 2, 0];
    const errors: unknown[] = [];
    let calls = 0;
    const worker = startFlowWorker({
      async runDueJobs() {
        calls++;
        if (calls === 4) throw new Error('database gone');
        const n = queue.shift() ?? 0;
        rounds.push(n);
        return n;
      },
    }, { idleMs: 1, onError: (err) => errors.push(err) });
    await new Promise((r) => setTimeout(r, 50));
    await worker.stop();
    const after = calls;
    await new Promise((r) => setTimeout(r, 20));
    expect(rounds.slice(0, 3)).toEqual([3, 2, 0]);
    expect(errors).toHaveLength(1);
    expect(calls).toBe(after);
  });
});
