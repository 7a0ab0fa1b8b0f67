import type { Database } from '../../db/index.ts';
import type { Actor } from '../identity/identity.types.ts';
import { createTestPlatform, TEST_PASSWORD, type TestPlatform } from '../testing/test-platform.ts';
import { buildBpmn } from './bpmn-builder.ts';

/** The test platform plus 西湖区 market-regulation officers, and actors for every account. */
export interface WorkflowFixture {
  t: TestPlatform;
  actors: Record<'admin' | 'cityOfficial' | 'xihuOfficial' | 'binjiangOfficial' | 'xihuTax' | 'company' | 'xihuAmr' | 'xihuAmr2' | 'bank', Actor>;
}

/**
 * A small joint-review process: acceptance by the district (2 working days, form `ok`), then the
 * district's market regulation and tax bureaus in parallel, then approval within 20 working days.
 * `label` changes the approval's name, so two labels are two versions.
 */
export function testProcessXml(label = '审批', key = 'joint_review'): string {
  const ok = { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean', title: '通过' }, note: { type: 'string', maxLength: 50 } } };
  return buildBpmn({
    id: key,
    name: '联合审查',
    nodes: [
      { id: 'start', type: 'startEvent', x: 80, y: 150 },
      { id: 'accept', type: 'userTask', name: '受理', x: 200, y: 150, attrs: { candidateRole: 'official', candidateOrg: '${gov.district}', timeLimit: '2wd' }, form: ok },
      { id: 'split', type: 'parallelGateway', x: 320, y: 150 },
      { id: 'amr', type: 'userTask', name: '市场监管核查', x: 440, y: 80, attrs: { candidateRole: 'department_officer', candidateOrg: '${dept.amr}', timeLimit: '5wd' } },
      { id: 'tax', type: 'userTask', name: '税务核查', x: 440, y: 220, attrs: { candidateRole: 'department_officer', candidateOrg: '${dept.tax}' } },
      { id: 'join', type: 'parallelGateway', x: 560, y: 150 },
      { id: 'approve', type: 'userTask', name: label, x: 680, y: 150, attrs: { candidateRole: 'official', candidateOrg: '${gov.district}', timeLimit: '20wd' } },
      { id: 'end', type: 'endEvent', x: 800, y: 150 },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'accept' }, { id: 'f2', from: 'accept', to: 'split' }, { id: 'f3', from: 'split', to: 'amr' }, { id: 'f4', from: 'split', to: 'tax' },
      { id: 'f5', from: 'amr', to: 'join' }, { id: 'f6', from: 'tax', to: 'join' }, { id: 'f7', from: 'join', to: 'approve' }, { id: 'f8', from: 'approve', to: 'end' },
    ],
  });
}

/** Builds the fixture on a fresh database. */
export async function createWorkflowFixture(database: Database): Promise<WorkflowFixture> {
  const t = await createTestPlatform(database);
  const { identity } = t.services;
  const amr = await identity.createOrg({ code: '330106-amr', name: '西湖区市场监督管理局', nameEn: 'Xihu AMR', kind: 'department', parentId: t.orgs.xihu, divisionCode: '330106' });
  await identity.createUser({ username: 'xihu-amr', displayName: '赵强', password: TEST_PASSWORD, role: 'department_officer', orgId: amr.id, enterpriseUscc: null });
  await identity.createUser({ username: 'xihu-amr2', displayName: '钱敏', password: TEST_PASSWORD, role: 'department_officer', orgId: amr.id, enterpriseUscc: null });
  const actor = async (username: string) => identity.actorForUserId((await identity.findUserByUsername(username))!.id);
  return {
    t,
    actors: {
      admin: await actor('admin'), cityOfficial: await actor('city-official'), xihuOfficial: await actor('xihu-official'), binjiangOfficial: await actor('binjiang-official'),
      xihuTax: await actor('xihu-tax'), company: await actor('company'), xihuAmr: await actor('xihu-amr'), xihuAmr2: await actor('xihu-amr2'), bank: await actor('bank-user'),
    },
  };
}
