import type { ModdleElement } from './bpmn-schema.ts';
import { parseCycle } from './cycle.ts';
import { parseExpression, parseTemplate, type Expr, type ExpressionError, type Template } from './expression.ts';
import { formSchemaProblems } from './forms.ts';
import type { TimerSpec } from './model.ts';
import { MAX_DURATION, parseDuration, tooLong, type Duration } from './time.ts';

// The values an element's attributes and children hold, read for the importer (bpmn-import.ts): durations and
// timers, conditions and expressions, templates, form schemas. Each reports what it cannot read against the element.

const SCRIPT_LANGUAGE = /^(javascript|ecmascript|js|graaljs|nashorn|groovy|python|jython|ruby|jruby|kotlin|java|beanshell|lua)$/i;

/**
 * A condition as the engine's expression language reads it: JUEL's deferred `#{…}` is `${…}`, and a FEEL
 * condition (Camunda 8 Modeler writes `=amount > 100`, `=status = "done"`) drops its leading `=` and
 * compares with `=` (outside strings).
 */
export function conditionText(text: string): string {
  const t = text.trim();
  const deferred = /^#\{([\s\S]*)\}$/.exec(t);
  if (deferred) return deferred[1];
  if (!t.startsWith('=')) return t;
  const src = t.slice(1);
  let out = '';
  let quote = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === '\\' && i + 1 < src.length) out += c + src[++i];
      else {
        out += c;
        if (c === quote) quote = '';
      }
    } else if (c === '"' || c === "'") {
      quote = c;
      out += c;
    } else if (c === '=' && !'=!<>'.includes(src[i - 1] ?? '') && src[i + 1] !== '=') out += '==';
    else out += c;
  }
  return out;
}

/** Reads values of elements, reporting each problem against its element (`report`). */
export class ValueReader {
  constructor(private readonly report: (el: ModdleElement, message: string) => void) {}

  timer(el: ModdleElement, def: ModdleElement): TimerSpec {
    if (el.limitShare !== undefined) {
      const share = Number(el.limitShare);
      if (!(share > 0)) this.report(el, 'onething:limitShare must be a positive share of the time limit');
      return { limitShare: share };
    }
    if (def.timeDuration) return { duration: this.duration(el, def.timeDuration.body ?? '') };
    if (def.timeDate) return { date: this.template(el, def.timeDate.body ?? '') };
    if (def.timeCycle) {
      // A non-interrupting boundary event repeats while its activity waits; anywhere else the first occurrence fires.
      const cycle = parseCycle(def.timeCycle.body ?? '');
      if (typeof cycle === 'string') {
        this.report(el, cycle);
        return {};
      }
      if (tooLong(cycle.every)) this.report(el, `timer cycle "${def.timeCycle.body}": its interval is longer than a hundred years`);
      return { duration: cycle.every, ...(cycle.times === undefined ? { unbounded: true } : { cycle: cycle.times }), ...(cycle.start ? { cycleStart: cycle.start } : {}), ...(cycle.end ? { cycleEnd: cycle.end } : {}) };
    }
    this.report(el, 'the timer needs timeDuration, timeDate or timeCycle');
    return {};
  }

  duration(el: ModdleElement, text: string | undefined): Duration | undefined {
    if (text === undefined) return undefined;
    const d = parseDuration(text);
    if (!d) this.report(el, `"${text}" is not a duration (use 5wd, 3d, 4h or ISO 8601 such as P2D)`);
    else if (tooLong(d)) this.report(el, `"${text}" is longer than a hundred years (${MAX_DURATION.wd} working days, ${MAX_DURATION.ms / 86_400_000} days)`);
    return d;
  }

  /** A sequence flow's condition; a script (`language="javascript"`, groovy…) is not run, so it is reported. */
  condition(el: ModdleElement, expression: ModdleElement, what = { many: 'conditions', one: 'the condition' }): Expr {
    const language: string | undefined = expression.language;
    if (language && SCRIPT_LANGUAGE.test(language.trim())) {
      this.report(el, `${what.many} in script language "${language}" are not supported (write ${what.one} in the engine's expression language)`);
      return { t: 'lit', v: null };
    }
    return this.expr(el, conditionText(expression.body ?? ''));
  }

  expr(el: ModdleElement, text: string): Expr {
    try {
      return parseExpression(text);
    } catch (err) {
      this.report(el, `expression "${text}": ${(err as ExpressionError).message}`);
      return { t: 'lit', v: null };
    }
  }

  template(el: ModdleElement, text: string): Template {
    try {
      return parseTemplate(text);
    } catch (err) {
      this.report(el, `template "${text}": ${(err as ExpressionError).message}`);
      return [text];
    }
  }

  form(el: ModdleElement): Record<string, unknown> | undefined {
    const ext = (el.extensionElements?.values ?? []).find((v: ModdleElement) => v.$type === 'onething:FormSchema');
    if (!ext) return undefined;
    let schema: Record<string, unknown>;
    try {
      schema = JSON.parse(ext.body ?? '');
    } catch {
      this.report(el, 'onething:formSchema must hold a JSON Schema');
      return undefined;
    }
    for (const problem of formSchemaProblems(schema)) this.report(el, `onething:formSchema: ${problem}`);
    return schema;
  }
}
