// How deep a JSON value nests, measured without recursion: a value nested thousands deep must be refused by a
// check that does not itself overflow the stack (the code after it recurses: validators, compilers, JSON.stringify).

/** An object or array on the way down, with the key it sits under in its parent (the path is built only if needed). */
interface Frame {
  value: object;
  depth: number;
  key: string;
  parent: Frame | undefined;
}

/**
 * The path (keys and indexes, as strings) to the first object or array of `value` that is more than `max` levels
 * deep — `value` itself is level 1 — or undefined when none is. Scalars are not visited: a request body of half a
 * million numbers is measured in milliseconds.
 * @example firstTooDeep({ a: [{ b: {} }] }, 2) // ['a', '0']
 */
export function firstTooDeep(value: unknown, max: number): string[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const stack: Frame[] = [{ value, depth: 1, key: '', parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.depth > max) {
      const path: string[] = [];
      for (let f: Frame | undefined = frame; f?.parent; f = f.parent) path.push(f.key);
      return path.reverse();
    }
    const v = frame.value as Record<string, unknown>;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        const child: unknown = v[i];
        if (child !== null && typeof child === 'object') stack.push({ value: child, depth: frame.depth + 1, key: String(i), parent: frame });
      }
    } else {
      for (const k of Object.keys(v)) {
        const child = v[k];
        if (child !== null && typeof child === 'object') stack.push({ value: child, depth: frame.depth + 1, key: k, parent: frame });
      }
    }
  }
  return undefined;
}
