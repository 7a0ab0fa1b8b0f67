import type { Role } from '../../src/kernel/roles.ts';

/** The password of every demo account (the demo city's seed prints the same list at start). */
export const DEMO_PASSWORD = 'Onething@2026';

/** The demo accounts shown as a hint on the login page: username and role. */
export const DEMO_ACCOUNTS: readonly { username: string; role: Role }[] = [
  { username: 'enterprise', role: 'enterprise' },
  { username: 'agent', role: 'agent' },
  { username: 'official', role: 'official' },
  { username: 'xihu-official', role: 'official' },
  { username: 'binjiang-official', role: 'official' },
  { username: 'tax-officer', role: 'department_officer' },
  { username: 'judge', role: 'judge' },
  { username: 'court-clerk', role: 'court_clerk' },
  { username: 'administrator', role: 'administrator' },
  { username: 'creditor', role: 'creditor' },
  { username: 'bank', role: 'bank' },
  { username: 'notary', role: 'notary' },
  { username: 'admin', role: 'platform_admin' },
];
