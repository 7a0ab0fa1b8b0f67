import type { FastifyPluginAsync } from 'fastify';
import { parseAddCheckpointBody, WitnessError, type Witness } from './witness.ts';

/**
 * The witness's HTTP surface as c2sp.org/tlog-witness defines it: `POST <prefix>/add-checkpoint`
 * with a text body (`old N`, proof lines, blank line, checkpoint); 200 with cosignature lines,
 * 409 with `<size>\n` as `text/x.tlog.size`, or 400/403/404/422 with a one-line reason.
 * Mount under the witness's submission prefix; authentication is the platform's business.
 * @example await app.register(witnessRoutes(witness), { prefix: '/witness/ipc' })
 */
export function witnessRoutes(witness: Witness): FastifyPluginAsync {
  return async (app) => {
    app.addContentTypeParser(['text/plain', 'application/octet-stream'], { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    app.post('/add-checkpoint', async (req, reply) => {
      try {
        if (typeof req.body !== 'string') throw new WitnessError(400, 'witness.malformed', 'request body must be text');
        const lines = await witness.addCheckpoint(parseAddCheckpointBody(req.body));
        return reply.code(200).type('text/plain; charset=utf-8').send(lines.map((l) => `${l}\n`).join(''));
      } catch (e) {
        if (!(e instanceof WitnessError)) throw e;
        if (e.status === 409) return reply.code(409).type('text/x.tlog.size').send(`${e.facts.size ?? 0}\n`);
        return reply.code(e.status).type('text/plain; charset=utf-8').send(`${e.message}\n`);
      }
    });
  };
}
