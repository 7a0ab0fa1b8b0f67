import type { FastifyRequest } from 'fastify';
import { AppError } from '../kernel/errors.ts';
import type { Role } from '../kernel/roles.ts';
import type { Actor } from '../platform/identity/identity.types.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in actor, set from the session cookie before every handler. */
    actor: Actor | null;
  }
}

/** The signed-in actor, or 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('auth.unauthenticated', 'Sign in first');
  return request.actor;
}

/** The signed-in actor if it holds one of the roles, or 401/403. */
export function requireRole(request: FastifyRequest, roles: readonly Role[]): Actor {
  const actor = requireActor(request);
  if (!roles.includes(actor.role)) throw new AppError('auth.forbidden', `This needs one of the roles: ${roles.join(', ')}`);
  return actor;
}

/** The Me object of the API for an actor. */
export function toMe(actor: Actor) {
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    org: actor.org,
    enterpriseUscc: actor.enterpriseUscc,
  };
}
