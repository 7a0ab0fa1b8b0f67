// How deep a JSON value nests, measured without recursion: a value nested thousands deep must be refused by a
// check that does not itself overflow the stack (the code after it recurses: validators, compilers, JSON.stringify).

/**
 * The path (keys and indexes, as strings) to the first object or array of `value` that is more than `max` levels
 * deep — `value` itself is level 1 — or undefined when none is.
 * @example firstTooDeep({ a: [{ b: {} }] }, 2) // ['a', '0']
 */
export function firstTooDeep(value: unknown, max: number): string[] | undefined {
  const stack: Array<[unknown, string[]]> = [[value, []]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= max) return path;
    for (const k of Object.keys(v)) stack.push([(v as Record<string, unknown>)[k], [...path, k]]);
  }
  return undefined;
}
