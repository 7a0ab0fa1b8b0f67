import { describe, expect, it } from 'vitest';
import { effectiveWarning, WARNING_COLOURS } from './time-limit.ts';

describe('time-limit warnings', () => {
  const due = '2026-03-06T02:00:00.000Z';
  it('shows the stored level while the deadline is ahead', () => {
    expect(effectiveWarning({ state: 'open', dueAt: due, warning: 'none' }, '2026-03-05T02:00:00Z')).toBe('none');
    expect(effectiveWarning({ state: 'open', dueAt: due, warning: 'yellow' }, new Date('2026-03-05T02:00:00Z'))).toBe('yellow');
  });
  it('turns an open item red at its deadline, before the warning job has run', () => {
    expect(effectiveWarning({ state: 'open', dueAt: due, warning: 'yellow' }, due)).toBe('red');
    expect(effectiveWarning({ state: 'open', dueAt: '2026-03-06T10:00:00+08:00', warning: 'none' }, '2026-03-06T02:00:00Z')).toBe('red');
  });
  it('leaves suspended, finished and unlimited items at their stored level', () => {
    expect(effectiveWarning({ state: 'suspended', dueAt: due, warning: 'yellow' }, '2026-04-01T00:00:00Z')).toBe('yellow');
    expect(effectiveWarning({ state: 'completed', dueAt: due, warning: 'none' }, '2026-04-01T00:00:00Z')).toBe('none');
    expect(effectiveWarning({ state: 'open', dueAt: null, warning: 'none' }, '2026-04-01T00:00:00Z')).toBe('none');
  });
  it('has a colour per level', () => {
    expect(WARNING_COLOURS).toEqual({ none: 'green', yellow: 'gold', red: 'red' });
  });
});
