import { describe, expect, it } from 'vitest';
import { httpStatusOf } from './error-map.ts';

describe('httpStatusOf', () => {
  it('answers a step the process data stop with 422 and its message, not 500 "internal"', () => {
    for (const code of ['flow.expression.failed', 'flow.gateway.noPath', 'flow.flow.noPath', 'flow.multiInstance.notList', 'flow.multiInstance.badCardinality', 'flow.timer.badDate', 'flow.error.uncaught', 'flow.template.notText', 'flow.step.endless']) {
      expect([code, httpStatusOf(code)]).toEqual([code, 422]);
    }
    expect(httpStatusOf('flow.instance.notFound')).toBe(404);
    expect(httpStatusOf('flow.instance.conflict')).toBe(409);
    // What only the server can be blamed for stays 500: a handler or a rules evaluator not wired, a commit whose outcome is unknown.
    for (const code of ['flow.handler.missing', 'flow.rules.missing', 'flow.commit.unknown', 'internal']) expect([code, httpStatusOf(code)]).toEqual([code, 500]);
  });
});
