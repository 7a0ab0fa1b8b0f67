import type { PgClient, PgQuery, PgResult } from './pg-tx.ts';

/** Queries that need no transaction of their own beyond themselves: each is one (its own Sync is its commit). */
export interface PgPipeline {
  query(q: PgQuery): Promise<PgResult>;
}

/** A connection of the pipeline, with the queries it has in flight and whether its socket is corked this turn. */
interface Lane {
  client: Promise<PgClient>;
  inFlight: number;
  corked: boolean;
  broken: boolean;
}

/**
 * Steps whose whole work is one statement (a write, or a read without a lock) share `size` connections in
 * pipeline mode instead of holding a pooled connection each: every query goes out without waiting for the
 * answers before it, and the queries of one turn of the event loop leave in one socket write. Each still has its
 * own Sync — it is its own transaction, committed (and flushed to the WAL) on its own, and a failing one fails
 * alone — so a step's durability is unchanged; what is shared is the round trip. On a machine where a round
 * trip costs far more CPU than the statement (a virtual machine's loopback), this is most of a step's cost.
 * A connection that breaks fails what it has in flight (those steps fail and are run again by their callers)
 * and is replaced on the next query.
 */
export function createPgPipeline(connect: () => Promise<PgClient>, size: number): PgPipeline {
  const lanes: Lane[] = [];
  const open = (): Lane => {
    const lane: Lane = { client: connect(), inFlight: 0, corked: false, broken: false };
    lane.client.catch(() => { lane.broken = true; });
    return lane;
  };
  const pick = (): Lane => {
    for (let i = lanes.length - 1; i >= 0; i--) if (lanes[i].broken) lanes.splice(i, 1);
    let best: Lane | undefined;
    for (const lane of lanes) if (!best || lane.inFlight < best.inFlight) best = lane;
    if (!best || (best.inFlight > 0 && lanes.length < size)) lanes.push((best = open()));
    return best;
  };
  return {
    async query(q) {
      const lane = pick();
      lane.inFlight++;
      try {
        const client = await lane.client;
        const stream = client.connection?.stream;
        if (!lane.corked && stream?.cork && stream.uncork) {
          lane.corked = true;
          stream.cork();
          setImmediate(() => {
            lane.corked = false;
            stream.uncork!();
          });
        }
        return (await client.query(q)) as PgResult;
      } catch (err) {
        if (!(err as { code?: unknown }).code) lane.broken = true; // not a server error: the connection may be gone
        throw err;
      } finally {
        lane.inFlight--;
      }
    },
  };
}
