import { spawn } from 'node:child_process';
import { ONETHING_NS } from './bpmn-schema.ts';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Wraps a process body into a BPMN 2.0 document with our namespace (for tests and benchmarks). */
export function bpmnXml(body: string, options: { id?: string; name?: string; extra?: string; attrs?: Record<string, string> } = {}): string {
  const id = options.id ?? 'p';
  const attrs = Object.entries(options.attrs ?? {}).map(([k, v]) => ` onething:${k}="${escapeXml(v)}"`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:onething="${ONETHING_NS}" id="defs_${id}" targetNamespace="https://example.org/bpmn">
${options.extra ?? ''}
  <process id="${id}" name="${options.name ?? id}" isExecutable="true"${attrs}>
${body}
  </process>
</definitions>`;
}

/** A sequence flow, with an optional condition expression. */
export function flow(id: string, from: string, to: string, condition?: string): string {
  return condition === undefined
    ? `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`
    : `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><conditionExpression xsi:type="tFormalExpression">${escapeXml(condition)}</conditionExpression></sequenceFlow>`;
}

/** Sequence flows joining the given node ids in order (`f_a_b`, …). */
export function chain(...ids: string[]): string {
  return ids.slice(1).map((to, i) => flow(`f_${ids[i]}_${to}`, ids[i], to)).join('\n');
}

/** The benchmark's and the tests' typical process: start → service → parallel user tasks → end. */
export function typicalProcessXml(id = 'typical'): string {
  return bpmnXml(`
    <startEvent id="start"/>
    <serviceTask id="intake" onething:handler="intake"/>
    <parallelGateway id="split"/>
    <userTask id="checkA" onething:candidateRole="reviewer" onething:timeLimit="5wd"/>
    <userTask id="checkB" onething:candidateRole="reviewer" onething:timeLimit="5wd"/>
    <parallelGateway id="join"/>
    <endEvent id="end"/>
    ${chain('start', 'intake', 'split')}
    ${flow('fa', 'split', 'checkA')}${flow('fb', 'split', 'checkB')}
    ${flow('fa2', 'checkA', 'join')}${flow('fb2', 'checkB', 'join')}
    ${chain('join', 'end')}`, { id });
}

/**
 * Runs a TypeScript script in a child process (crash tests); kills it with SIGKILL once `killAt()` says so, unless
 * it finishes first. Resolves true when it finished (exit 0, having printed `done`), false when killed.
 */
export function runKillable(script: string, args: string[], killAt?: () => Promise<boolean>): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    let done = false;
    const poll = async () => {
      while (!done && killAt) {
        if (await killAt()) return void child.kill('SIGKILL');
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    void poll();
    child.on('exit', (code, signal) => {
      done = true;
      if (signal === 'SIGKILL') resolve(false);
      else if (code === 0 && out.includes('done')) resolve(true);
      else reject(new Error(`${script} exited ${code}: ${err}`));
    });
  });
}
