import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without types
import { layerOf, violation } from './layers.js';

describe('layer rule', () => {
  const v = (a: string, b: string) => violation(layerOf(a), layerOf(b));
  it('lets imports point down', () => {
    expect(v('src/api/app.ts', 'src/platform/identity/x.ts')).toBeUndefined();
    expect(v('src/platform/identity/x.ts', 'src/kernel/uscc.ts')).toBeUndefined();
    expect(v('src/engines/flow/x.ts', 'src/db/index.ts')).toBeUndefined();
  });
  it('refuses imports that point up or sideways', () => {
    expect(v('src/engines/rules/x.ts', 'src/platform/identity/x.ts')).toMatch(/engine may not import platform/);
    expect(v('src/engines/rules/x.ts', 'src/engines/flow/x.ts')).toMatch(/engine rules may not import engine flow/);
    expect(v('src/scenarios/a/x.ts', 'src/scenarios/b/x.ts')).toMatch(/scenario a may not import scenario b/);
    expect(v('src/kernel/x.ts', 'src/db/x.ts')).toMatch(/kernel may not import db/);
    expect(v('web/src/x.tsx', 'src/platform/x.ts')).toMatch(/web may not import platform/);
  });
});
