import fc from 'fast-check';
import { flow } from './test-support.ts';

/** A block-structured process: tasks in sequence, and parallel, inclusive and exclusive splits with joins. */
export type Block =
  | { t: 'task'; service: boolean }
  | { t: 'seq'; items: Block[] }
  | { t: 'par' | 'incl' | 'xor'; branches: Block[] };

/** Random blocks over the given split kinds, small enough to run in milliseconds. */
export function blocksOf(kinds: Array<'par' | 'incl' | 'xor'>): fc.Arbitrary<Block> {
  return fc.letrec<{ block: Block }>((tie) => ({
    block: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ t: fc.constant('task' as const), service: fc.boolean() }),
      fc.record({ t: fc.constant('seq' as const), items: fc.array(tie('block'), { minLength: 2, maxLength: 3 }) }),
      fc.record({ t: fc.constantFrom(...kinds), branches: fc.array(tie('block'), { minLength: 2, maxLength: 3 }) }),
    ),
  })).block;
}

/** Random blocks with parallel, inclusive and exclusive splits. */
export const blockArb: fc.Arbitrary<Block> = blocksOf(['par', 'incl', 'xor']);

/** Builds the XML of a block (conditions written by `condition`); returns its entry and exit node ids. */
export function build(block: Block, out: { xml: string[]; n: number; f: number }, condition = (key: string) => `c.${key} == true`): { entry: string; exit: string } {
  const id = (p: string) => `${p}${++out.n}`;
  const flowId = () => `f${++out.f}`;
  if (block.t === 'task') {
    const t = id('task');
    out.xml.push(block.service ? `<serviceTask id="${t}" onething:handler="h"/>` : `<userTask id="${t}"/>`);
    return { entry: t, exit: t };
  }
  if (block.t === 'seq') {
    const parts = block.items.map((b) => build(b, out, condition));
    parts.slice(1).forEach((p, i) => out.xml.push(flow(flowId(), parts[i].exit, p.entry)));
    return { entry: parts[0].entry, exit: parts[parts.length - 1].exit };
  }
  const tag = { par: 'parallelGateway', incl: 'inclusiveGateway', xor: 'exclusiveGateway' }[block.t];
  const split = id('split');
  const join = id('join');
  const parts = block.branches.map((b) => build(b, out, condition));
  const defaultFlow = `${split}_0`;
  out.xml.push(`<${tag} id="${split}"${block.t === 'par' ? '' : ` default="${defaultFlow}"`}/>`, `<${tag} id="${join}"/>`);
  parts.forEach((p, i) => {
    const cond = block.t === 'par' || i === 0 ? undefined : condition(`${split}_${i}`);
    out.xml.push(flow(`${split}_${i}`, split, p.entry, cond), flow(flowId(), p.exit, join));
  });
  return { entry: split, exit: join };
}

/** The reference: which tasks a block runs, given the branch choices. */
export function expected(block: Block, choice: (key: string) => boolean, out: { n: number }, visits: string[]): void {
  const id = (p: string) => `${p}${++out.n}`;
  if (block.t === 'task') return void visits.push(id('task'));
  if (block.t === 'seq') return block.items.forEach((b) => expected(b, choice, out, visits));
  const split = id('split');
  id('join');
  const taken = block.branches.map((_, i) => block.t === 'par' || (i > 0 && choice(`${split}_${i}`)));
  if (block.t === 'xor') {
    const first = taken.findIndex(Boolean);
    taken.fill(false);
    taken[first >= 0 ? first : 0] = true;
  }
  if (block.t === 'incl' && !taken.some(Boolean)) taken[0] = true;
  block.branches.forEach((b, i) => {
    const sub: string[] = [];
    expected(b, choice, out, sub);
    if (taken[i]) visits.push(...sub);
  });
}

