/** Every role a user can hold. Code speaks these names; the UI shows the Chinese ones. */
export const ROLES = [
  'enterprise', // 企业用户
  'agent', // 代办人 (registration agent acting for companies)
  'official', // 政府工作人员 (city / district / town)
  'department_officer', // 部门经办人
  'judge', // 法官
  'court_clerk', // 书记员
  'administrator', // 破产管理人 (bankruptcy administrator)
  'creditor', // 债权人
  'bank', // 银行
  'notary', // 公证员
  'platform_admin', // 平台管理员
] as const;

/** One of `ROLES`. */
export type Role = (typeof ROLES)[number];

/** Chinese and English names of each role. */
export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  enterprise: { zh: '企业用户', en: 'Enterprise' },
  agent: { zh: '代办人', en: 'Agent' },
  official: { zh: '政府工作人员', en: 'Official' },
  department_officer: { zh: '部门经办人', en: 'Department officer' },
  judge: { zh: '法官', en: 'Judge' },
  court_clerk: { zh: '书记员', en: 'Court clerk' },
  administrator: { zh: '破产管理人', en: 'Bankruptcy administrator' },
  creditor: { zh: '债权人', en: 'Creditor' },
  bank: { zh: '银行', en: 'Bank' },
  notary: { zh: '公证员', en: 'Notary' },
  platform_admin: { zh: '平台管理员', en: 'Platform administrator' },
};

/** Whether a string names a role. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
