import { describe, expect, it } from 'vitest';
import { parseTimer, timerBody } from './timer-fields.ts';

describe("the designer's timer fields", () => {
  it('reads durations in working days, calendar days, hours and ISO 8601', () => {
    expect(parseTimer('duration', '5wd')).toEqual({ kind: 'duration', amount: 5, unit: 'wd' });
    expect(parseTimer('duration', 'P3D')).toEqual({ kind: 'duration', amount: 3, unit: 'd' });
    expect(parseTimer('duration', 'PT4H')).toEqual({ kind: 'duration', amount: 4, unit: 'h' });
    expect(parseTimer('duration', 'P1DT2H')).toBeUndefined();
  });
  it('reads bounded, unbounded and dated cycles', () => {
    expect(parseTimer('cycle', 'R3/PT1H')).toEqual({ kind: 'cycle', amount: 1, unit: 'h', times: 3, start: undefined });
    expect(parseTimer('cycle', 'R/2wd')).toEqual({ kind: 'cycle', amount: 2, unit: 'wd', times: undefined, start: undefined });
    expect(parseTimer('cycle', 'R3/2026-12-01T09:00:00/1d')).toEqual({ kind: 'cycle', amount: 1, unit: 'd', times: 3, start: '2026-12-01T09:00:00' });
  });
  it('writes what it reads, and nothing while the fields are incomplete', () => {
    for (const [kind, body] of [['duration', '5wd'], ['cycle', 'R/1h'], ['cycle', 'R3/2026-12-01T09:00:00/1d'], ['date', '${deadline}']] as const)
      expect(timerBody(parseTimer(kind, body)!)).toBe(body);
    expect(timerBody({ kind: 'duration', unit: 'wd' })).toBeUndefined();
    expect(timerBody({ kind: 'cycle', amount: 2, unit: 'd', times: 4 })).toBe('R4/2d');
  });
});
