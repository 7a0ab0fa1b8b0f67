// Two "one things" of the demo city, drawn with their diagrams: opening a restaurant (a joint
// review by market regulation, health and fire rescue) and deregistering a company.
import { buildBpmn } from '../bpmn-builder.ts';

const opinion = { type: 'string', title: '审查意见', minLength: 2, maxLength: 500 };

/** 开办餐馆一件事: acceptance → parallel checks by 市场监管, 卫健, 消防 → joint approval (20 working days) → licence. */
export const RESTAURANT_XML = buildBpmn({
  id: 'open_restaurant',
  name: '开办餐馆一件事',
  // The one thing as a whole: 30 working days, the clock stopping while the applicant corrects.
  attrs: { timeLimit: '30wd' },
  nodes: [
    { id: 'start', type: 'startEvent', name: '提交申请', x: 80, y: 220 },
    {
      id: 'accept', type: 'userTask', name: '受理审查', x: 200, y: 220,
      attrs: { candidateRole: 'official', candidateOrg: '${gov.district}', timeLimit: '2wd' },
      form: { type: 'object', required: ['accepted', 'opinion'], properties: { accepted: { type: 'boolean', title: '予以受理' }, opinion } },
    },
    { id: 'gw_accepted', type: 'exclusiveGateway', name: '是否受理', x: 330, y: 220, defaultFlow: 'f_accepted' },
    { id: 'end_rejected', type: 'endEvent', name: '不予受理', x: 330, y: 380 },
    { id: 'split', type: 'parallelGateway', x: 430, y: 220 },
    {
      id: 'check_food', type: 'userTask', name: '食品经营许可核查', x: 570, y: 90,
      attrs: { candidateRole: 'department_officer', candidateOrg: '${dept.amr}', timeLimit: '5wd' },
      form: { type: 'object', required: ['passed', 'opinion'], properties: { passed: { type: 'boolean', title: '核查通过' }, opinion } },
    },
    {
      id: 'check_health', type: 'userTask', name: '公共场所卫生核查', x: 570, y: 220,
      attrs: { candidateRole: 'department_officer', candidateOrg: '${dept.health}', timeLimit: '5wd' },
      form: { type: 'object', required: ['passed', 'opinion'], properties: { passed: { type: 'boolean', title: '核查通过' }, opinion } },
    },
    {
      id: 'check_fire', type: 'userTask', name: '消防安全检查', x: 570, y: 350,
      attrs: { candidateRole: 'department_officer', candidateOrg: '${dept.fire}', timeLimit: '10wd' },
      form: { type: 'object', required: ['passed', 'opinion'], properties: { passed: { type: 'boolean', title: '检查合格' }, opinion } },
    },
    { id: 'join', type: 'parallelGateway', x: 710, y: 220 },
    {
      id: 'approve', type: 'userTask', name: '联合审批决定', x: 830, y: 220,
      attrs: { candidateRole: 'official', candidateOrg: '${gov.district}', timeLimit: '20wd', warnAt: '0.75' },
      form: { type: 'object', required: ['approved', 'opinion'], properties: { approved: { type: 'boolean', title: '准予许可' }, opinion, seats: { type: 'integer', title: '核定座位数', minimum: 0, maximum: 5000 } } },
    },
    { id: 'gw_approved', type: 'exclusiveGateway', name: '是否准予', x: 960, y: 220, defaultFlow: 'f_approved' },
    { id: 'end_refused', type: 'endEvent', name: '不予许可', x: 960, y: 380 },
    { id: 'issue', type: 'serviceTask', name: '发放证照', x: 1080, y: 220, attrs: { handler: 'issueLicence' } },
    { id: 'end', type: 'endEvent', name: '办结', x: 1210, y: 220 },
  ],
  flows: [
    { id: 'f_start', from: 'start', to: 'accept' },
    { id: 'f_review', from: 'accept', to: 'gw_accepted' },
    { id: 'f_rejected', from: 'gw_accepted', to: 'end_rejected', name: '不予受理', condition: '${accepted == false}' },
    { id: 'f_accepted', from: 'gw_accepted', to: 'split', name: '受理' },
    { id: 'f_food', from: 'split', to: 'check_food' },
    { id: 'f_health', from: 'split', to: 'check_health' },
    { id: 'f_fire', from: 'split', to: 'check_fire' },
    { id: 'f_food_done', from: 'check_food', to: 'join' },
    { id: 'f_health_done', from: 'check_health', to: 'join' },
    { id: 'f_fire_done', from: 'check_fire', to: 'join' },
    { id: 'f_joined', from: 'join', to: 'approve' },
    { id: 'f_decided', from: 'approve', to: 'gw_approved' },
    { id: 'f_refused', from: 'gw_approved', to: 'end_refused', name: '不予许可', condition: '${approved == false}' },
    { id: 'f_approved', from: 'gw_approved', to: 'issue', name: '准予许可' },
    { id: 'f_issued', from: 'issue', to: 'end' },
  ],
});

/** 企业注销一件事: acceptance by 市场监管 → tax clearance and social-insurance closure in parallel → deregistration. */
export const DEREGISTRATION_XML = buildBpmn({
  id: 'company_deregistration',
  name: '企业注销一件事',
  attrs: { timeLimit: '20wd' },
  nodes: [
    { id: 'start', type: 'startEvent', name: '提交注销申请', x: 80, y: 160 },
    {
      id: 'accept', type: 'userTask', name: '注销申请受理', x: 200, y: 160,
      attrs: { candidateRole: 'department_officer', candidateOrg: '${dept.amr}', timeLimit: '3wd' },
      form: { type: 'object', required: ['opinion'], properties: { opinion } },
    },
    { id: 'split', type: 'parallelGateway', x: 330, y: 160 },
    {
      id: 'tax_clearance', type: 'userTask', name: '清税证明', x: 460, y: 80,
      attrs: { candidateRole: 'department_officer', candidateOrg: '${dept.tax}', timeLimit: '10wd' },
      form: { type: 'object', required: ['cleared', 'opinion'], properties: { cleared: { type: 'boolean', title: '已清税' }, opinion } },
    },
    {
      id: 'social_insurance', type: 'userTask', name: '社保登记注销', x: 460, y: 240,
      attrs: { candidateRole: 'department_officer', candidateOrg: '${dept.hrss}', timeLimit: '5wd' },
      form: { type: 'object', required: ['opinion'], properties: { opinion } },
    },
    { id: 'join', type: 'parallelGateway', x: 590, y: 160 },
    {
      id: 'deregister', type: 'userTask', name: '注销登记', x: 710, y: 160,
      attrs: { candidateRole: 'department_officer', candidateOrg: '${dept.amr}', timeLimit: '3wd' },
      form: { type: 'object', required: ['opinion'], properties: { opinion } },
    },
    { id: 'end', type: 'endEvent', name: '注销完成', x: 840, y: 160 },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'accept' },
    { id: 'f2', from: 'accept', to: 'split' },
    { id: 'f3', from: 'split', to: 'tax_clearance' },
    { id: 'f4', from: 'split', to: 'social_insurance' },
    { id: 'f5', from: 'tax_clearance', to: 'join' },
    { id: 'f6', from: 'social_insurance', to: 'join' },
    { id: 'f7', from: 'join', to: 'deregister' },
    { id: 'f8', from: 'deregister', to: 'end' },
  ],
});
