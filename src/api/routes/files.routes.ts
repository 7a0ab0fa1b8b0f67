import type { FastifyInstance } from 'fastify';
import { AppError } from '../../kernel/errors.ts';
import { contentDisposition, FILE_MAX_BYTES, FILE_MEDIA_TYPES, tooLarge } from '../../platform/files/file-content.ts';
import type { PlatformServices } from '../../platform/platform.ts';
import { requireActor } from '../request-context.ts';
import { errorResponses } from '../schemas.ts';

const tags = ['files'];

const uploadedSchema = {
  type: 'object', required: ['id', 'name', 'size', 'mediaType', 'sha256'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, size: { type: 'integer' }, mediaType: { type: 'string', enum: [...FILE_MEDIA_TYPES] }, sha256: { type: 'string', description: 'SHA-256 of the bytes, hex' } },
};

/** Uploaded files: upload a copy (PDF, PNG, JPEG as the raw body), read it back if you may. */
export async function fileRoutes(app: FastifyInstance, opts: { services: PlatformServices }) {
  const { files } = opts.services;
  // Any declared type reaches the handler, which judges the bytes (this plugin only: encapsulated).
  // The body is handed on as a latin1 string (one character per byte, lossless) so the route's schema
  // can declare it as binary for the OpenAPI; the limit is counted here to refuse early, naming the rule.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => {
    const declared = Number(request.headers['content-length']);
    if (declared > FILE_MAX_BYTES) return done(new AppError('validation.failed', 'Invalid file', { errors: [tooLarge(declared)] }), undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    payload.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > FILE_MAX_BYTES) {
        payload.removeAllListeners('data');
        payload.removeAllListeners('end');
        payload.resume();
        done(new AppError('validation.failed', 'Invalid file', { errors: [tooLarge(`more than ${FILE_MAX_BYTES}`)] }), undefined);
      } else chunks.push(chunk);
    });
    payload.on('end', () => done(null, Buffer.concat(chunks).toString('latin1')));
    payload.on('error', (e) => done(e, undefined));
  });

  app.post<{ Querystring: { name: string }; Body: string | undefined }>('/api/files', {
    schema: {
      tags, summary: 'Upload a file (PDF, PNG or JPEG, checked by its content; at most 10 MB) as the raw body; reference it by the id returned',
      consumes: [...FILE_MEDIA_TYPES, 'application/octet-stream'],
      querystring: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 200, description: 'The file name, shown to whoever opens it' } } },
      body: { type: 'string', format: 'binary' },
      response: { 201: uploadedSchema, ...errorResponses(400, 401) },
    },
  }, async (request, reply) => {
    const bytes = new Uint8Array(Buffer.from(request.body ?? '', 'latin1'));
    return reply.code(201).send(await files.upload(requireActor(request), { name: request.query.name, declaredType: request.headers['content-type'], bytes }));
  });

  app.get<{ Params: { id: string } }>('/api/files/:id', {
    schema: {
      tags, summary: 'An uploaded file, to its company (or organisation) and to officials reviewing a claim that holds it; 404 to anyone else',
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100 } } },
      response: { 200: { type: 'string', format: 'binary' }, ...errorResponses(401, 404) },
    },
  }, async (request, reply) => {
    const { file, bytes } = await files.open(requireActor(request), request.params.id);
    // Served from the app's own origin: never sniffed into another type. Images are also sandboxed;
    // a PDF is not, since browsers' PDF viewers refuse to run in a sandboxed document.
    if (file.mediaType !== 'application/pdf') reply.header('content-security-policy', "default-src 'none'; img-src 'self'; sandbox");
    return reply
      .header('content-type', file.mediaType)
      .header('content-disposition', contentDisposition(file.name))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(bytes));
  });
}
