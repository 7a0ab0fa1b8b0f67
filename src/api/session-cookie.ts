import type { FastifyReply } from 'fastify';
import type { Config } from './config.ts';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'onething_session';

/** Sets the session cookie: httpOnly, SameSite=Lax, Secure behind TLS, no Max-Age (ends with the browser). */
export function setSessionCookie(reply: FastifyReply, token: string, config: Config): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies });
}
