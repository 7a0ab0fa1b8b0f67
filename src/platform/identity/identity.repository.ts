import type { CompiledQuery, Kysely, Selectable } from 'kysely';
import { nativeSqliteCommittedReader, type Database } from '../../db/index.ts';
import type { Role } from '../../kernel/roles.ts';
import type { Org, OrgKind, User } from './identity.types.ts';

interface OrgsTable {
  id: string;
  code: string;
  name: string;
  name_en: string;
  kind: string;
  parent_id: string | null;
  division_code: string | null;
  created_at: string;
}
interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string | null;
  role: string;
  org_id: string;
  enterprise_uscc: string | null;
  failed_attempts: number;
  locked_until: string | null;
  password_changed_at: string | null;
  disabled: number;
  created_at: string;
}
interface SessionsTable {
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}
/** Tables of the identity module. */
export interface IdentityTables {
  orgs: OrgsTable;
  users: UsersTable;
  sessions: SessionsTable;
}

/** A user row with the fields only authentication reads. */
export interface UserCredentials extends User {
  passwordHash: string | null;
  failedAttempts: number;
  lockedUntil: string | null;
}

/** A stored session. */
export interface SessionRow {
  id: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

function toOrg(row: Selectable<OrgsTable>): Org {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    kind: row.kind as OrgKind,
    parentId: row.parent_id,
    divisionCode: row.division_code,
  };
}

function toUser(row: Selectable<UsersTable>): UserCredentials {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    orgId: row.org_id,
    enterpriseUscc: row.enterprise_uscc,
    disabled: row.disabled === 1,
    passwordHash: row.password_hash,
    failedAttempts: row.failed_attempts,
    lockedUntil: row.locked_until,
  };
}

/** The only code that touches the identity tables. */
export function createIdentityRepository(database: Database) {
  const db = database.kysely as Kysely<IdentityTables>;
  const sessionActorQuery = db
    .selectFrom('sessions as s')
    .leftJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('orgs as o', 'o.id', 'u.org_id')
    .select([
      's.id', 's.user_id', 's.created_at', 's.last_seen_at', 's.expires_at',
      'u.id as u_id', 'u.username', 'u.display_name', 'u.password_hash', 'u.role', 'u.org_id', 'u.enterprise_uscc', 'u.failed_attempts', 'u.locked_until', 'u.disabled',
      'o.id as o_id', 'o.code', 'o.name', 'o.name_en', 'o.kind', 'o.parent_id', 'o.division_code',
    ])
    .where('s.id', '=', '')
    .compile();
  type SessionActorRow = typeof sessionActorQuery extends CompiledQuery<infer R> ? R : never;
  // On SQLite the statement is prepared once per connection, on first use (the tables may not exist yet when
  // the repository is made), and run without Kysely's per-query round: every request reads a session. It reads
  // committed rows only (another caller's open transaction is not seen).
  const sessionActorStatements = new Map<object, { get(id: string): unknown }>();
  async function sessionActorRow(id: string) {
    const native = nativeSqliteCommittedReader(database);
    if (native) {
      let st = sessionActorStatements.get(native);
      if (!st) sessionActorStatements.set(native, (st = native.prepare(sessionActorQuery.sql)));
      return st.get(id) as SessionActorRow | undefined;
    }
    return (await db.executeQuery({ ...sessionActorQuery, parameters: [id] } as typeof sessionActorQuery)).rows[0] as SessionActorRow | undefined;
  }
  return {
    async insertOrg(org: Org, createdAt: string): Promise<void> {
      await db
        .insertInto('orgs')
        .values({
          id: org.id,
          code: org.code,
          name: org.name,
          name_en: org.nameEn,
          kind: org.kind,
          parent_id: org.parentId,
          division_code: org.divisionCode,
          created_at: createdAt,
        })
        .execute();
    },
    async findOrgById(id: string): Promise<Org | undefined> {
      const row = await db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toOrg(row);
    },
    async findOrgByCode(code: string): Promise<Org | undefined> {
      const row = await db.selectFrom('orgs').selectAll().where('code', '=', code).executeTakeFirst();
      return row && toOrg(row);
    },
    async listOrgs(): Promise<Org[]> {
      return (await db.selectFrom('orgs').selectAll().orderBy('code').execute()).map(toOrg);
    },
    async insertUser(user: User & { passwordHash: string | null }, createdAt: string): Promise<void> {
      await db
        .insertInto('users')
        .values({
          id: user.id,
          username: user.username,
          display_name: user.displayName,
          password_hash: user.passwordHash,
          role: user.role,
          org_id: user.orgId,
          enterprise_uscc: user.enterpriseUscc,
          failed_attempts: 0,
          locked_until: null,
          password_changed_at: createdAt,
          disabled: user.disabled ? 1 : 0,
          created_at: createdAt,
        })
        .execute();
    },
    async findUserByUsername(username: string): Promise<UserCredentials | undefined> {
      const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
      return row && toUser(row);
    },
    async findUserById(id: string): Promise<UserCredentials | undefined> {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },
    async listUsers(page: number, pageSize: number): Promise<{ items: (User & { orgName: string })[]; total: number }> {
      const rows = await db
        .selectFrom('users')
        .innerJoin('orgs', 'orgs.id', 'users.org_id')
        .selectAll('users')
        .select('orgs.name as org_name')
        .orderBy('users.username')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      const { total } = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
      return { items: rows.map((r) => ({ ...toUser(r), orgName: r.org_name })), total: Number(total) };
    },
    async recordLoginFailure(userId: string, failedAttempts: number, lockedUntil: string | null): Promise<void> {
      await db.updateTable('users').set({ failed_attempts: failedAttempts, locked_until: lockedUntil }).where('id', '=', userId).execute();
    },
    async recordLoginSuccess(userId: string): Promise<void> {
      await db.updateTable('users').set({ failed_attempts: 0, locked_until: null }).where('id', '=', userId).execute();
    },
    async insertSession(session: SessionRow & { ip: string | null; userAgent: string | null }): Promise<void> {
      await db
        .insertInto('sessions')
        .values({
          id: session.id,
          user_id: session.userId,
          created_at: session.createdAt,
          last_seen_at: session.lastSeenAt,
          expires_at: session.expiresAt,
          ip: session.ip,
          user_agent: session.userAgent,
        })
        .execute();
    },
    /**
     * A session with its user and the user's organisation in one read (every request resolves one);
     * `user` or `org` is undefined when the row is gone.
     */
    async findSessionActor(id: string): Promise<{ session: SessionRow; user: UserCredentials | undefined; org: Org | undefined } | undefined> {
      // Built and compiled once; each request only binds the session id.
      const row = await sessionActorRow(id);
      if (!row) return undefined;
      const user = row.u_id === null ? undefined : toUser({
        id: row.u_id, username: row.username!, display_name: row.display_name!, password_hash: row.password_hash, role: row.role!, org_id: row.org_id!,
        enterprise_uscc: row.enterprise_uscc, failed_attempts: row.failed_attempts!, locked_until: row.locked_until, disabled: row.disabled!, password_changed_at: null, created_at: '',
      });
      const org = row.o_id === null ? undefined : toOrg({ id: row.o_id, code: row.code!, name: row.name!, name_en: row.name_en!, kind: row.kind!, parent_id: row.parent_id, division_code: row.division_code, created_at: '' });
      return { session: { id: row.id, userId: row.user_id, createdAt: row.created_at, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at }, user, org };
    },
    async findSession(id: string): Promise<SessionRow | undefined> {
      const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { id: row.id, userId: row.user_id, createdAt: row.created_at, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at };
    },
    async touchSession(id: string, lastSeenAt: string): Promise<void> {
      await db.updateTable('sessions').set({ last_seen_at: lastSeenAt }).where('id', '=', id).execute();
    },
    async deleteSession(id: string): Promise<void> {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
  };
}

/** The identity repository's interface. */
export type IdentityRepository = ReturnType<typeof createIdentityRepository>;
