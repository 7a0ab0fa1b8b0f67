// The "one thing" of market entry as a BPMN process, generated from the licence catalogue: the legal
// time limits of reviewed items are static attributes of user tasks, so there is one review task per
// distinct limit the catalogue holds, and a new limit in the catalogue deploys a new version.
import { ONETHING_NS } from '../../engines/flow/index.ts';
import type { LicenceItem } from './licence.types.ts';

/** The process id of entry and change applications. */
export const ENTRY_PROCESS_KEY = 'market_entry';

/** Service handlers the process names (registered by the scenario on the workflow engine). */
export const ENTRY_HANDLERS = { automatic: 'marketDecideAutomatic', commitment: 'marketGrantOnCommitment', issue: 'marketIssue', refuse: 'marketRefuse' } as const;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const DECISION_FORM = {
  type: 'object',
  required: ['approved', 'opinion'],
  properties: { approved: { type: 'boolean', title: '准予许可' }, opinion: { type: 'string', title: '审查意见', minLength: 2, maxLength: 500 } },
};

/** The review limits (working days) of a catalogue's reviewed items, ascending; at least one. */
export function reviewLimits(items: readonly LicenceItem[]): number[] {
  const limits = [...new Set(items.filter((i) => i.mode === 'review').map((i) => Math.max(1, i.timeLimitDays)))].sort((a, b) => a - b);
  return limits.length ? limits : [20];
}

/**
 * One item's decision as an embedded subprocess run once per element of `collection`: automatic
 * items by the rules handler, commitment items granted on the signed commitment, reviewed items as
 * a user task of the item's department (`${item.org}`) with its legal limit in working days.
 */
function itemSubprocess(id: string, name: string, collection: string, output: string, limits: number[]): string {
  const p = (s: string) => `${id}_${s}`;
  const flows: string[] = [];
  const flow = (fid: string, from: string, to: string, cond?: string) =>
    flows.push(`<bpmn:sequenceFlow id="${p(fid)}" sourceRef="${p(from)}" targetRef="${p(to)}">${cond ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(cond)}</bpmn:conditionExpression>` : ''}</bpmn:sequenceFlow>`);
  const top = limits[limits.length - 1];
  flow('f_start', 'start', 'mode');
  flow('f_auto', 'mode', 'auto', "${item.mode == 'automatic'}");
  flow('f_commit', 'mode', 'commit', "${item.mode == 'commitment'}");
  flow('f_review', 'mode', 'limit');
  flow('f_auto_done', 'auto', 'merge');
  flow('f_commit_done', 'commit', 'merge');
  const tasks = limits.map((d) => {
    flow(`f_l${d}`, 'limit', `review_${d}`, d === top ? undefined : `\${item.limit <= ${d}}`);
    flow(`f_r${d}_done`, `review_${d}`, 'merge');
    return `<bpmn:userTask id="${p(`review_${d}`)}" name="许可审查（${d}个工作日）" onething:candidateRole="department_officer,official" onething:candidateOrg="\${item.org}" onething:timeLimit="${d}wd">`
      + `<bpmn:extensionElements><onething:formSchema>${esc(JSON.stringify(DECISION_FORM))}</onething:formSchema></bpmn:extensionElements></bpmn:userTask>`;
  });
  flow('f_end', 'merge', 'end');
  return [
    `<bpmn:subProcess id="${id}" name="${esc(name)}">`,
    `<bpmn:multiInstanceLoopCharacteristics onething:collection="${collection}" onething:elementVariable="item" onething:outputCollection="${output}" onething:outputElement="approved"/>`,
    `<bpmn:startEvent id="${p('start')}"/>`,
    `<bpmn:exclusiveGateway id="${p('mode')}" name="审批方式" default="${p('f_review')}"/>`,
    `<bpmn:serviceTask id="${p('auto')}" name="自动审批" onething:handler="${ENTRY_HANDLERS.automatic}"/>`,
    `<bpmn:serviceTask id="${p('commit')}" name="告知承诺审批" onething:handler="${ENTRY_HANDLERS.commitment}"/>`,
    `<bpmn:exclusiveGateway id="${p('limit')}" name="法定时限" default="${p(`f_l${top}`)}"/>`,
    ...tasks,
    `<bpmn:exclusiveGateway id="${p('merge')}"/>`,
    `<bpmn:endEvent id="${p('end')}"/>`,
    ...flows,
    '</bpmn:subProcess>',
  ].join('\n');
}

/**
 * The entry process: pre-registration approvals (前置审批) → the registration by market regulation
 * → every chosen licence in parallel, each to its department → the business licence and every
 * permit issued together. A refused registration or pre-registration approval ends it refused.
 */
export function entryProcessXml(catalogueItems: readonly LicenceItem[]): string {
  const limits = reviewLimits(catalogueItems);
  const shapes: Array<[id: string, x: number, y: number, w: number, h: number]> = [
    ['start', 60, 200, 36, 36], ['pre', 140, 178, 120, 80], ['gw_pre', 300, 193, 50, 50], ['reg', 390, 178, 120, 80], ['gw_reg', 550, 193, 50, 50],
    ['post', 640, 178, 120, 80], ['issue', 800, 178, 100, 80], ['end', 940, 200, 36, 36], ['refuse', 550, 330, 100, 80], ['end_refused', 690, 352, 36, 36],
  ];
  const seq: Array<[id: string, from: string, to: string, cond?: string]> = [
    ['f_start', 'start', 'pre'], ['f_pre', 'pre', 'gw_pre'], ['f_pre_refused', 'gw_pre', 'refuse', '${contains(preApproved, false)}'], ['f_pre_ok', 'gw_pre', 'reg'],
    ['f_reg', 'reg', 'gw_reg'], ['f_reg_refused', 'gw_reg', 'refuse', '${contains(regApproved, false)}'], ['f_reg_ok', 'gw_reg', 'post'],
    ['f_post', 'post', 'issue'], ['f_issue', 'issue', 'end'], ['f_refuse', 'refuse', 'end_refused'],
  ];
  const box = new Map(shapes.map(([id, x, y, w, h]) => [id, { x, y, w, h }]));
  const edge = (from: string, to: string) => {
    const a = box.get(from)!;
    const b = box.get(to)!;
    const [ax, ay, bx, by] = [a.x + a.w, a.y + a.h / 2, b.x, b.y + b.h / 2];
    const pts = ay === by ? [[ax, ay], [bx, by]] : [[a.x + a.w / 2, a.y + a.h], [a.x + a.w / 2, by], [bx, by]];
    return pts.map(([x, y]) => `<di:waypoint x="${x}" y="${y}"/>`).join('');
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"',
    '  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    `  xmlns:onething="${ONETHING_NS}" id="defs_${ENTRY_PROCESS_KEY}" targetNamespace="https://onething.dev/processes">`,
    `<bpmn:process id="${ENTRY_PROCESS_KEY}" name="企业开办一件事（准入准营）" isExecutable="true">`,
    '<bpmn:startEvent id="start" name="提交申请"/>',
    itemSubprocess('pre', '前置审批', 'preItems', 'preApproved', limits),
    '<bpmn:exclusiveGateway id="gw_pre" name="前置审批通过" default="f_pre_ok"/>',
    itemSubprocess('reg', '设立（变更）登记', 'registration', 'regApproved', limits),
    '<bpmn:exclusiveGateway id="gw_reg" name="准予登记" default="f_reg_ok"/>',
    itemSubprocess('post', '许可事项并联审批', 'postItems', 'postApproved', limits),
    `<bpmn:serviceTask id="issue" name="证照同发" onething:handler="${ENTRY_HANDLERS.issue}"/>`,
    '<bpmn:endEvent id="end" name="办结"/>',
    `<bpmn:serviceTask id="refuse" name="不予登记" onething:handler="${ENTRY_HANDLERS.refuse}"/>`,
    '<bpmn:endEvent id="end_refused" name="不予登记"/>',
    ...seq.map(([id, from, to, cond]) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">${cond ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(cond)}</bpmn:conditionExpression>` : ''}</bpmn:sequenceFlow>`),
    '</bpmn:process>',
    `<bpmndi:BPMNDiagram id="diagram_${ENTRY_PROCESS_KEY}"><bpmndi:BPMNPlane id="plane_${ENTRY_PROCESS_KEY}" bpmnElement="${ENTRY_PROCESS_KEY}">`,
    ...shapes.map(([id, x, y, w, h]) => `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"${['pre', 'reg', 'post'].includes(id) ? ' isExpanded="false"' : ''}><dc:Bounds x="${x}" y="${y}" width="${w}" height="${h}"/></bpmndi:BPMNShape>`),
    ...seq.map(([id, from, to]) => `<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}">${edge(from, to)}</bpmndi:BPMNEdge>`),
    '</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>',
    '</bpmn:definitions>',
    '',
  ].join('\n');
}
