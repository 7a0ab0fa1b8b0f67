/**
 * The default export of a module that may be CommonJS (`{ default: x }` as TypeScript types it)
 * or ESM (`x` itself, as the bundler hands it over).
 */
export function defaultExport<T>(module: { default: T } | T): T {
  const value = module as { default?: T };
  return value && typeof value === 'object' && 'default' in value && value.default !== undefined
    ? value.default
    : (module as T);
}
