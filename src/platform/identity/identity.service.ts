import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../db/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, assertNoFieldErrors, type FieldError } from '../../kernel/errors.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import { isRole, type Role } from '../../kernel/roles.ts';
import { validateUscc } from '../../kernel/uscc.ts';
import { createIdentityRepository, type IdentityRepository } from './identity.repository.ts';
import { ORG_KINDS, type Actor, type Org, type OrgKind, type User } from './identity.types.ts';
import { checkPasswordComplexity, hashPassword, verifyPassword } from './password.ts';

/** Session and lockout policy; the defaults are what a level-3 review (GB/T 22239-2019) expects. */
export interface IdentityPolicy {
  /** Consecutive failed logins that lock an account. */
  maxFailedLogins: number;
  lockoutMinutes: number;
  /** A session unused this long ends. */
  idleTimeoutMinutes: number;
  /** A session ends this long after login, used or not. */
  absoluteTimeoutMinutes: number;
}

/** The default policy: 5 failures lock for 15 minutes; sessions idle out after 30 minutes, end after 12 hours. */
export const DEFAULT_IDENTITY_POLICY: IdentityPolicy = {
  maxFailedLogins: 5,
  lockoutMinutes: 15,
  idleTimeoutMinutes: 30,
  absoluteTimeoutMinutes: 12 * 60,
};

/** Input to `createOrg`. */
export interface CreateOrgInput {
  code: string;
  name: string;
  nameEn: string;
  kind: OrgKind;
  parentId: string | null;
  divisionCode: string | null;
}

/** Input to `createUser`. */
export interface CreateUserInput {
  username: string;
  displayName: string;
  /** Null for accounts that sign in only through OIDC. */
  password: string | null;
  role: Role;
  orgId: string;
  enterpriseUscc: string | null;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,39}$/;

function sessionIdOf(token: string): string {
  // Only the hash is stored: a leaked sessions table does not leak live cookies.
  return createHash('sha256').update(token).digest('hex');
}

/** Organisations, accounts, logins and sessions. */
export function createIdentityService(deps: {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  policy?: IdentityPolicy;
  repository?: IdentityRepository;
}) {
  const repo = deps.repository ?? createIdentityRepository(deps.database);
  const policy = deps.policy ?? DEFAULT_IDENTITY_POLICY;
  const now = () => deps.clock.now();
  const minutesFrom = (at: Date, minutes: number) => new Date(at.getTime() + minutes * 60_000).toISOString();

  async function actorFor(user: User, sessionId: string | null, ip: string | null): Promise<Actor> {
    return actorOf(user, await repo.findOrgById(user.orgId), sessionId, ip);
  }

  function actorOf(user: User, org: Org | undefined, sessionId: string | null, ip: string | null): Actor {
    if (!org) throw new AppError('internal', `User ${user.username} belongs to a missing org`);
    return {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      org,
      enterpriseUscc: user.enterpriseUscc,
      sessionId,
      ip,
    };
  }

  return {
    /** Creates an organisation; its code must be new and its parent must exist. */
    async createOrg(input: CreateOrgInput): Promise<Org> {
      const errors: FieldError[] = [];
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(input.code)) errors.push({ field: 'code', rule: 'pattern', message: 'Code: 1–64 letters, digits, . _ -' });
      if (!input.name?.trim()) errors.push({ field: 'name', rule: 'required', message: 'Name is required' });
      if (!ORG_KINDS.includes(input.kind)) errors.push({ field: 'kind', rule: 'enum', message: `Kind must be one of ${ORG_KINDS.join(', ')}` });
      if (input.divisionCode !== null && !/^\d{6}(\d{3})?$/.test(input.divisionCode))
        errors.push({ field: 'divisionCode', rule: 'division', message: 'Division code has 6 or 9 digits' });
      assertNoFieldErrors(errors);
      if (input.parentId && !(await repo.findOrgById(input.parentId)))
        throw new AppError('validation.failed', 'Parent org not found', { errors: [{ field: 'parentId', rule: 'exists', message: 'Parent org not found' }] });
      if (await repo.findOrgByCode(input.code)) throw new AppError('conflict', `Org code ${input.code} exists`);
      const org: Org = { id: deps.ids.next('org'), ...input, nameEn: input.nameEn || input.name };
      await repo.insertOrg(org, now().toISOString());
      return org;
    },

    findOrgByCode: (code: string) => repo.findOrgByCode(code),
    findOrgById: (id: string) => repo.findOrgById(id),
    listOrgs: () => repo.listOrgs(),
    listUsers: (page: number, pageSize: number) => repo.listUsers(page, pageSize),
    findUserByUsername: async (username: string): Promise<User | undefined> => {
      const found = await repo.findUserByUsername(username);
      if (!found) return undefined;
      const { passwordHash: _h, failedAttempts: _f, lockedUntil: _l, ...user } = found;
      return user;
    },

    /** Creates an account after checking every field; reports all problems at once. */
    async createUser(input: CreateUserInput): Promise<User> {
      const errors: FieldError[] = [];
      if (!USERNAME.test(input.username ?? ''))
        errors.push({ field: 'username', rule: 'pattern', message: 'Username: 2–40 lower-case letters, digits, . _ -, starting with a letter or digit' });
      if (!input.displayName?.trim()) errors.push({ field: 'displayName', rule: 'required', message: 'Display name is required' });
      if (!isRole(input.role)) errors.push({ field: 'role', rule: 'enum', message: `Unknown role ${input.role}` });
      if (input.password !== null) errors.push(...checkPasswordComplexity(input.password, input.username ?? ''));
      if (input.role === 'enterprise' && !input.enterpriseUscc)
        errors.push({ field: 'enterpriseUscc', rule: 'required', message: 'An enterprise user needs the USCC of its company' });
      if (input.enterpriseUscc) {
        const check = validateUscc(input.enterpriseUscc);
        if (!check.ok) errors.push({ field: 'enterpriseUscc', rule: check.errors[0].check, message: check.errors[0].message });
      }
      assertNoFieldErrors(errors);
      if (!(await repo.findOrgById(input.orgId)))
        throw new AppError('validation.failed', 'Org not found', { errors: [{ field: 'orgId', rule: 'exists', message: 'Org not found' }] });
      if (await repo.findUserByUsername(input.username)) throw new AppError('conflict', `Username ${input.username} is taken`);
      const user: User = {
        id: deps.ids.next('usr'),
        username: input.username,
        displayName: input.displayName.trim(),
        role: input.role,
        orgId: input.orgId,
        enterpriseUscc: input.enterpriseUscc,
        disabled: false,
      };
      await repo.insertUser({ ...user, passwordHash: input.password === null ? null : await hashPassword(input.password) }, now().toISOString());
      return user;
    },

    /**
     * Checks a password and opens a session. Wrong passwords count towards a lockout; a locked
     * account is refused even with the right password until the lock expires.
     */
    async login(input: { username: string; password: string; ip: string | null; userAgent: string | null }): Promise<{ token: string; actor: Actor }> {
      const at = now();
      const user = await repo.findUserByUsername(input.username);
      if (!user || user.disabled || !user.passwordHash) {
        // Same answer and similar cost as a wrong password: do not reveal which usernames exist.
        await verifyPassword(input.password, 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
        throw new AppError('auth.invalid_credentials', 'Wrong username or password');
      }
      if (user.lockedUntil && user.lockedUntil > at.toISOString())
        throw new AppError('auth.locked', 'Account locked after repeated failed logins', { lockedUntil: user.lockedUntil });
      if (!(await verifyPassword(input.password, user.passwordHash))) {
        const failures = (user.lockedUntil ? 0 : user.failedAttempts) + 1;
        const locked = failures >= policy.maxFailedLogins;
        await repo.recordLoginFailure(user.id, locked ? 0 : failures, locked ? minutesFrom(at, policy.lockoutMinutes) : null);
        if (locked) throw new AppError('auth.locked', 'Account locked after repeated failed logins', { lockedUntil: minutesFrom(at, policy.lockoutMinutes) });
        throw new AppError('auth.invalid_credentials', 'Wrong username or password', { attemptsLeft: policy.maxFailedLogins - failures });
      }
      await repo.recordLoginSuccess(user.id);
      return this.openSession(user, input.ip, input.userAgent);
    },

    /** Opens a session for a user already authenticated (password or OIDC). */
    async openSession(user: User, ip: string | null, userAgent: string | null): Promise<{ token: string; actor: Actor }> {
      const at = now();
      const token = randomBytes(32).toString('base64url');
      const id = sessionIdOf(token);
      await repo.insertSession({
        id,
        userId: user.id,
        createdAt: at.toISOString(),
        lastSeenAt: at.toISOString(),
        expiresAt: minutesFrom(at, policy.absoluteTimeoutMinutes),
        ip,
        userAgent,
      });
      return { token, actor: await actorFor(user, id, ip) };
    },

    /** The actor behind a session cookie, or undefined when it is unknown, idle too long or expired. */
    async authenticate(token: string, ip: string | null): Promise<Actor | undefined> {
      const id = sessionIdOf(token);
      // Session, user and organisation in one read: this runs before every request.
      const found = await repo.findSessionActor(id);
      if (!found) return undefined;
      const session = found.session;
      const at = now();
      const idleLimit = new Date(new Date(session.lastSeenAt).getTime() + policy.idleTimeoutMinutes * 60_000);
      if (at > idleLimit || at.toISOString() >= session.expiresAt) {
        await repo.deleteSession(id);
        return undefined;
      }
      const user = found.user;
      if (!user || user.disabled) return undefined;
      // Touch at most once a minute: reads should not turn into a write each.
      if (at.getTime() - new Date(session.lastSeenAt).getTime() > 60_000) await repo.touchSession(id, at.toISOString());
      return actorOf(user, found.org, id, ip);
    },

    /** Ends a session. */
    async logout(sessionId: string): Promise<void> {
      await repo.deleteSession(sessionId);
    },

    /** The actor for a user id, for CLI and background work acting as a user. */
    async actorForUserId(userId: string): Promise<Actor> {
      const user = await repo.findUserById(userId);
      if (!user) throw new AppError('not_found', 'User not found');
      return actorFor(user, null, null);
    },
  };
}

/** The identity service's interface. */
export type IdentityService = ReturnType<typeof createIdentityService>;
