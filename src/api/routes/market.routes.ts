import type { FastifyInstance } from 'fastify';
import type { PlatformServices } from '../../platform/platform.ts';
import type { SuggestInput } from '../../scenarios/market-entry/guidance.ts';
import type { LicenceItem } from '../../scenarios/market-entry/licence.types.ts';
import type { LicenceFilter } from '../../scenarios/market-entry/licence-catalogue.service.ts';
import { marketEntryOf } from '../../scenarios/market-entry/market-entry.ts';
import type { NameCheckInput } from '../../scenarios/market-entry/name.service.ts';
import { matchScopeText } from '../../scenarios/market-entry/scope-match.ts';
import { requireActor } from '../request-context.ts';
import { errorResponses } from '../schemas.ts';
import {
  codeParams, itemBody, itemList, itemListQuery, itemUpdateBody, itemView, nameCheckAnswer, nameCheckBody, scopeList, scopeMatchAnswer, scopeMatchBody, scopeQuery, suggestAnswer, suggestBody,
} from './market-schemas.ts';

const tags = ['market-entry'];

/**
 * Seed systems 5 and 6, market entry: the licence catalogue (read by everyone signed in, edited by platform
 * administrators), the standard business-scope table, licence guidance from a scope, and the name check.
 */
export async function marketRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  const market = marketEntryOf(opts.services);

  app.get<{ Querystring: LicenceFilter }>('/api/market/licences', {
    schema: { tags, summary: 'The licence and filing catalogue, filtered by department, kind, mode or text', querystring: itemListQuery, response: { 200: itemList, ...errorResponses(400, 401) } },
  }, async (request) => market.catalogue.list(requireActor(request), request.query));

  app.get<{ Params: { code: string } }>('/api/market/licences/:code', {
    schema: { tags, summary: 'One catalogue item with its department, legal basis, facts the mirror supplies and prerequisites', params: codeParams, response: { 200: itemView, ...errorResponses(400, 401, 404) } },
  }, async (request) => market.catalogue.get(requireActor(request), request.params.code));

  app.post<{ Body: LicenceItem }>('/api/market/licences', {
    schema: { tags, summary: 'Add an item to the catalogue (platform administrator; audited)', body: itemBody, response: { 201: itemView, ...errorResponses(400, 401, 403, 409) } },
  }, async (request, reply) => reply.code(201).send(await market.catalogue.create(requireActor(request), request.body)));

  app.put<{ Params: { code: string }; Body: LicenceItem & { expectedVersion?: number } }>('/api/market/licences/:code', {
    schema: { tags, summary: 'Replace an item (platform administrator; checked, versioned and audited; 409 on a stale expectedVersion)', params: codeParams, body: itemUpdateBody, response: { 200: itemView, ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => {
    const { expectedVersion, ...item } = request.body;
    return market.catalogue.update(requireActor(request), request.params.code, item, expectedVersion);
  });

  app.get<{ Querystring: { q?: string; section?: string; limit: number } }>('/api/market/scope', {
    schema: { tags, summary: 'Standard business-scope wordings (经营范围规范表述): search with q, or browse by GB/T 4754 section', querystring: scopeQuery, response: { 200: scopeList, ...errorResponses(400, 401) } },
  }, async (request) => {
    requireActor(request);
    const { q, section, limit } = request.query;
    if (q) {
      const hits = (await market.guidance.searchScope(q, limit)).filter((h) => !section || h.entry.section === section);
      return { items: hits.map((h) => ({ ...h.entry, score: h.score })), total: hits.length };
    }
    const table = await market.guidance.scopeTable(section);
    return { items: table.slice(0, limit), total: table.length };
  });

  app.post<{ Body: { text: string } }>('/api/market/scope/match', {
    schema: { tags, summary: 'Match free business-scope text to standard wordings, fragment by fragment', body: scopeMatchBody, response: { 200: scopeMatchAnswer, ...errorResponses(400, 401) } },
  }, async (request) => {
    requireActor(request);
    return { fragments: matchScopeText(await market.guidance.scopeTable(), request.body.text) };
  });

  app.post<{ Body: SuggestInput }>('/api/market/licence-suggestions', {
    schema: { tags, summary: 'The licences a business scope needs, with reasons and prerequisites; add and remove freely and see the consequences', body: suggestBody, response: { 200: suggestAnswer, ...errorResponses(400, 401) } },
  }, async (request) => {
    requireActor(request);
    return market.guidance.suggest(request.body);
  });

  app.post<{ Body: NameCheckInput }>('/api/market/name-checks', {
    schema: { tags, summary: 'Check a self-declared enterprise name: structure, prohibited words, names taken in the city', body: nameCheckBody, response: { 200: nameCheckAnswer, ...errorResponses(400, 401) } },
  }, async (request) => market.names.check(requireActor(request), request.body));
}
