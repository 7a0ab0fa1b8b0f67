import type { Database } from '../../../db/index.ts';
import type { Clock } from '../../../kernel/clock.ts';
import { createEnterpriseRepository } from '../enterprise.repository.ts';
import type { CatalogueService } from '../catalogue.service.ts';
import { endOfDay } from '../period.ts';
import type { StoredValue } from '../intake/validate-row.ts';
import { decodeValues, type Batch, type ValuesRepository } from '../values.repository.ts';
import { createMirrorSnapshot, createSnapshotWriter, type MirrorSnapshot } from './mirror-snapshot.ts';
import { loadSnapshot, saveSnapshot } from './snapshot-file.ts';

const PAGE = 20_000;

/** Builds columnar snapshots of the mirror from the database and keeps them current. */
export function createSnapshotService(deps: { database: Database; values: ValuesRepository; catalogue: CatalogueService; clock: Clock }) {
  const enterprises = createEnterpriseRepository(deps.database);

  async function applyBatches(snap: MirrorSnapshot, batches: readonly Batch[]): Promise<number> {
    const writer = createSnapshotWriter(snap);
    let applied = 0;
    for (const batch of batches) {
      let after = 0;
      const columns = batch.columns;
      for (;;) {
        const page = await deps.values.batchRecords(batch.id, after, PAGE);
        for (const r of page) {
          // Tabular batches store arrays in column order: applied without building an object.
          if (columns && r.data.charCodeAt(0) === 91) writer.applyValues(r.uscc, r.period, r.effective, columns, JSON.parse(r.data) as (StoredValue | null)[]);
          else writer.apply({ uscc: r.uscc, period: r.period, effective: r.effective, values: decodeValues(r.data, columns) });
          applied++;
        }
        if (page.length < PAGE) break;
        after = page[page.length - 1].row;
      }
      snap.watermark = { committedAt: batch.committedAt!, id: batch.id };
    }
    return applied;
  }

  const service = {
    /** The whole population as of a day (default today): the register's columns, then every record that had arrived by then. */
    async build(asOf: string = deps.clock.now().toISOString().slice(0, 10), opts: { shared?: boolean } = {}): Promise<MirrorSnapshot> {
      const catalogue = await deps.catalogue.load();
      // Two passes over the register: the USCCs (to size the arrays), then its core columns page by page.
      const usccs: string[] = [];
      for (let after = ''; ; ) {
        const page = await enterprises.scanUsccs(after, PAGE * 5);
        for (const u of page) usccs.push(u);
        if (page.length < PAGE * 5) break;
        after = page[page.length - 1];
      }
      const snap = createMirrorSnapshot(catalogue.attributes, usccs, asOf, opts);
      const writer = createSnapshotWriter(snap);
      for (let after = ''; ; ) {
        const page = await enterprises.scanCore(after, PAGE);
        for (const e of page) writer.applySpine(e);
        if (page.length < PAGE) break;
        after = page[page.length - 1].uscc;
      }
      await applyBatches(snap, await deps.values.committedBatches({ asOf: endOfDay(asOf) }));
      return snap;
    },

    /**
     * Applies the batches that arrived since the snapshot's watermark (up to the end of its day).
     * Returns the number of records applied. A snapshot of an earlier day stays as of that day.
     */
    async refresh(snap: MirrorSnapshot): Promise<number> {
      const batches = await deps.values.committedBatches({ after: snap.watermark ?? undefined, asOf: endOfDay(snap.asOf) });
      return applyBatches(snap, batches);
    },

    /** Writes a snapshot to a file. */
    save: saveSnapshot,
    /** Loads a snapshot file and brings it up to date with batches that arrived after it was written. */
    async load(path: string, opts: { refresh?: boolean } = {}): Promise<MirrorSnapshot> {
      const snap = await loadSnapshot(path);
      if (opts.refresh ?? true) await service.refresh(snap);
      return snap;
    },
  };
  return service;
}

/** The snapshot service's interface. */
export type SnapshotService = ReturnType<typeof createSnapshotService>;
