import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { isSupportedDatabaseUrl } from '../db/index.ts';

/** OIDC login through a government SSO, when configured. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  redirectUri: string;
  /** The claim whose value is the local username (default `preferred_username`). */
  usernameClaim: string;
}

/** The settings, parsed once from the environment at start and frozen. */
export interface Config {
  port: number;
  host: string;
  /** Undefined: SQLite at `<dataDir>/onething.db`. */
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Enterprises the demo city gets on first start (0: no demo city). */
  demoEnterprises: number;
  /** Whether the session cookie needs HTTPS (set when served behind TLS). */
  secureCookies: boolean;
  oidc: OidcConfig | null;
  /**
   * The 32-byte master key (`MASTER_KEY`, hex or base64) that wraps witness and log signing keys
   * and the data keys of assets in custody; null when unset outside demo mode (those features then
   * answer 503). In demo mode an unset key falls back to `DEMO_MASTER_KEY` (public, for demos only).
   */
  masterKey: Uint8Array | null;
}

/** The master key used when `MASTER_KEY` is unset and the demo city is on: public, never for real data. */
export const DEMO_MASTER_KEY: Uint8Array = Uint8Array.from(Buffer.from('6f6e657468696e672d64656d6f2d6d61737465722d6b65792d6e6f742d736563', 'hex'));

/** A 32-byte key from 64 hex digits or base64 (44 characters), or undefined when it is neither. */
export function parseMasterKey(raw: string): Uint8Array | undefined {
  const text = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Uint8Array.from(Buffer.from(text, 'hex'));
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) {
    const bytes = Buffer.from(text, 'base64');
    return bytes.length === 32 ? Uint8Array.from(bytes) : undefined;
  }
  return undefined;
}

/** Start-up stops with every bad setting listed. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function isUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Parses the documented settings (README, "Settings"); throws ConfigError naming each bad one. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name}: must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return Number(raw);
  };

  const port = int('PORT', 3000, 1, 65535);
  const demoEnterprises = int('DEMO_ENTERPRISES', 5000, 0, 2_000_000);

  const dataDir = resolve(env.DATA_DIR || './data');
  if (existsSync(dataDir) && !statSync(dataDir).isDirectory()) problems.push(`DATA_DIR: "${env.DATA_DIR}" exists and is not a directory`);

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !isSupportedDatabaseUrl(databaseUrl))
    problems.push('DATABASE_URL: must start with postgres://, postgresql://, sqlite: or pglite: and be a valid URL');

  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);

  const secure = env.SECURE_COOKIES ?? 'false';
  if (!['true', 'false'].includes(secure)) problems.push(`SECURE_COOKIES: must be true or false (got "${secure}")`);

  let oidc: OidcConfig | null = null;
  if (env.OIDC_ISSUER) {
    if (!isUrl(env.OIDC_ISSUER)) problems.push('OIDC_ISSUER: must be an http(s) URL');
    if (!env.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_ID: required when OIDC_ISSUER is set');
    if (!env.OIDC_REDIRECT_URI || !isUrl(env.OIDC_REDIRECT_URI)) problems.push('OIDC_REDIRECT_URI: an http(s) URL is required when OIDC_ISSUER is set');
    oidc = {
      issuer: env.OIDC_ISSUER,
      clientId: env.OIDC_CLIENT_ID ?? '',
      clientSecret: env.OIDC_CLIENT_SECRET || undefined,
      redirectUri: env.OIDC_REDIRECT_URI ?? '',
      usernameClaim: env.OIDC_USERNAME_CLAIM || 'preferred_username',
    };
  }

  let masterKey: Uint8Array | null = null;
  if (env.MASTER_KEY) {
    masterKey = parseMasterKey(env.MASTER_KEY) ?? null;
    if (!masterKey) problems.push('MASTER_KEY: must be 32 bytes as 64 hex digits or 44 base64 characters (e.g. openssl rand -hex 32)');
  } else if (demoEnterprises > 0) masterKey = DEMO_MASTER_KEY;

  const host = env.HOST || '0.0.0.0';
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({ port, host, databaseUrl, dataDir, logLevel, demoEnterprises, secureCookies: secure === 'true', oidc, masterKey });
}
