// Whether a service or send task runs as a job of its own, as the engine reads it (src/engines/flow/bpmn-import.ts):
// `onething:async`, else the vendor's marking in a file drawn for Camunda 7 (`camunda:asyncBefore`), Flowable or
// Activiti (`…:async`), whatever prefix the file binds their namespace to.

/** The namespaces whose marking counts, with the attribute each uses. */
const VENDOR_ASYNC: Record<string, string> = {
  'http://camunda.org/schema/1.0/bpmn': 'asyncBefore',
  'http://flowable.org/bpmn': 'async',
  'http://activiti.org/bpmn': 'async',
};

/** The part of a bpmn-js business object read here: attributes of no known namespace, and the element it is in. */
export interface AsyncHolder {
  get(name: string): unknown;
  $attrs?: Record<string, string>;
  $parent?: AsyncHolder;
}

/** The namespace a prefix is bound to where `el` is: on it, or on the nearest element around it (the definitions). */
function namespaceOf(el: AsyncHolder, prefix: string): string | undefined {
  for (let e: AsyncHolder | undefined = el; e; e = e.$parent) {
    const uri = e.$attrs?.[`xmlns:${prefix}`];
    if (uri) return uri;
  }
  return undefined;
}

/** Whether a vendor's attribute marks the task asynchronous. */
export function vendorAsync(el: AsyncHolder): boolean {
  for (const [key, value] of Object.entries(el.$attrs ?? {})) {
    const colon = key.indexOf(':');
    if (colon < 0 || key.startsWith('xmlns:')) continue;
    const uri = namespaceOf(el, key.slice(0, colon));
    if (uri && VENDOR_ASYNC[uri] === key.slice(colon + 1)) return value.trim() === 'true';
  }
  return false;
}

/** Whether the task runs as a job of its own: `onething:async` when written, else the vendor's marking. */
export function isAsync(el: AsyncHolder): boolean {
  const own = el.get('onething:async');
  return typeof own === 'string' && own !== '' ? own === 'true' : vendorAsync(el);
}

/** What `onething:async` becomes when the box is set: written `false` only to overrule a vendor's `true`. */
export function asyncValue(el: AsyncHolder, checked: boolean): 'true' | 'false' | undefined {
  if (checked) return 'true';
  return vendorAsync(el) ? 'false' : undefined;
}
