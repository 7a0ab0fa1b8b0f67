import type { Kysely } from 'kysely';
import type { FlowDefinition } from './model.ts';
import { definitionRows } from './store.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** How long an answer about a key's latest version is used (ms); after half of it the next start asks again. */
const LATEST_MS = 1000;

interface Answer {
  /** The look-up under way or done. */
  id: Promise<string | undefined>;
  /** When it was sent (Date.now()). */
  at: number;
  /** The last answer that found a version, and when its look-up was sent. */
  value?: string;
  valueAt?: number;
}

/**
 * The latest version of each key, as looked up at most a second ago: a version deployed by another process is
 * started from within a second; one deployed by this engine, at once (`forget` after its commit). Concurrent
 * callers share one look-up (thousands of starts at once would otherwise queue a query each). An answer is used
 * for a second from when its query was sent; after half of that, the next start asks again without waiting, so
 * under steady load starts never wait for a look-up. Definitions not cached yet are loaded once however many
 * starts ask for them at the same moment.
 */
export class LatestVersions {
  private readonly answers = new Map<string, Answer>();
  private readonly loading = new Map<string, Promise<FlowDefinition | undefined>>();

  constructor(private readonly db: Db) {}

  /** The id of the latest version of `key` (undefined: none is deployed), from an answer under half a second old or a new look-up. */
  lookUp(key: string): Promise<string | undefined> {
    const hit = this.answers.get(key);
    const now = Date.now();
    if (hit && now - hit.at < LATEST_MS / 2) return hit.id;
    const id = definitionRows.idOf(this.db, key, 'latest');
    // Until it answers, the previous answer serves while it is under a second old.
    const entry: Answer = { id, at: now, value: hit?.value, valueAt: hit?.valueAt };
    this.answers.set(key, entry);
    id.then((found) => {
      if (this.answers.get(key) !== entry) return;
      if (!found) this.answers.delete(key);
      else Object.assign(entry, { value: found, valueAt: now });
    }, () => {
      if (this.answers.get(key) === entry) this.answers.delete(key);
    });
    return id;
  }

  /** The latest version's id when an answer under a second old has it, asking again (not waiting) after half that. */
  now(key: string): string | undefined {
    const hit = this.answers.get(key);
    const now = Date.now();
    if (hit?.value === undefined || now - hit.valueAt! >= LATEST_MS) return undefined;
    if (now - hit.at >= LATEST_MS / 2) void this.lookUp(key);
    return hit.value;
  }

  /** Drops what is known of `key`: the next start looks it up (after this engine deployed a version of it). */
  forget(key: string): void {
    this.answers.delete(key);
  }

  /** A stored definition by id, read once for all who ask at the same moment. */
  definition(id: string): Promise<FlowDefinition | undefined> {
    let p = this.loading.get(id);
    if (!p) this.loading.set(id, (p = definitionRows.byId(this.db, id).finally(() => this.loading.delete(id))));
    return p;
  }
}
