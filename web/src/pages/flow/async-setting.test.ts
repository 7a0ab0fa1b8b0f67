import { describe, expect, it } from 'vitest';
import { asyncValue, isAsync, vendorAsync, type AsyncHolder } from './async-setting.ts';

/** A business object as bpmn-js gives it: our attribute through `get`, others in `$attrs`, the definitions around. */
function task(attrs: Record<string, string>, own?: string, namespaces: Record<string, string> = { 'xmlns:camunda': 'http://camunda.org/schema/1.0/bpmn' }): AsyncHolder {
  const definitions: AsyncHolder = { get: () => undefined, $attrs: namespaces };
  const process: AsyncHolder = { get: () => undefined, $parent: definitions };
  return { get: (name) => (name === 'onething:async' ? own : undefined), $attrs: attrs, $parent: process };
}

describe('the designer reads a task asynchronous as the engine does', () => {
  it('takes onething:async first, then Camunda 7, Flowable and Activiti markings under any prefix', () => {
    expect(isAsync(task({}, 'true'))).toBe(true);
    expect(isAsync(task({ 'camunda:asyncBefore': 'true' }))).toBe(true);
    expect(isAsync(task({ 'camunda:asyncBefore': 'true' }, 'false'))).toBe(false);
    expect(isAsync(task({ 'c7:asyncBefore': 'true' }, undefined, { 'xmlns:c7': 'http://camunda.org/schema/1.0/bpmn' }))).toBe(true);
    expect(isAsync(task({ 'fl:async': 'true' }, undefined, { 'xmlns:fl': 'http://flowable.org/bpmn' }))).toBe(true);
    expect(isAsync(task({ 'activiti:async': 'true' }, undefined, { 'xmlns:activiti': 'http://activiti.org/bpmn' }))).toBe(true);
    // Not read by the engine: asyncAfter, Camunda's async under Flowable's name, an unbound prefix, a false marking.
    expect(isAsync(task({ 'camunda:asyncAfter': 'true' }))).toBe(false);
    expect(isAsync(task({ 'camunda:async': 'true' }))).toBe(false);
    expect(vendorAsync(task({ 'x:asyncBefore': 'true' }))).toBe(false);
    expect(isAsync(task({ 'camunda:asyncBefore': 'false' }))).toBe(false);
    expect(isAsync(task({}))).toBe(false);
  });

  it('writes false only to overrule a vendor marking, and nothing when the box is cleared otherwise', () => {
    expect(asyncValue(task({}), true)).toBe('true');
    expect(asyncValue(task({}), false)).toBeUndefined();
    expect(asyncValue(task({ 'camunda:asyncBefore': 'true' }), false)).toBe('false');
  });
});
