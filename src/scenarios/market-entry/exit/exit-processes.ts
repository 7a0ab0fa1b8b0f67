// The three deregistration processes of market exit, drawn with their diagrams. The registration and
// every permit are cancelled by a service task ("1+N"); each issuing department then confirms its
// permits' cancellation in its inbox (a multi-instance task over the permits, routed per permit).
import { buildBpmn, type SketchFlow, type SketchNode } from '../../../platform/workflow/bpmn-builder.ts';

/** Process keys. */
export const EXIT_PROCESS = {
  simplified: 'market_simple_deregistration',
  general: 'market_general_deregistration',
  forced: 'market_forced_deregistration',
} as const;

/** The message an online objection sends to the waiting notice (correlated by notice number). */
export const OBJECTION_MESSAGE = 'market_exit_objection';
/** The message the liquidation report sends (correlated by case id). */
export const REPORT_MESSAGE = 'market_exit_liquidation_report';

/** Handler names the processes use (registered by the exit module). */
export const EXIT_HANDLERS = {
  cancel: 'marketExitCancel',
  close: 'marketExitClose',
  creditorNotice: 'marketExitCreditorNotice',
  reportDue: 'marketExitReportDue',
  reject: 'marketExitReject',
} as const;

const opinion = { type: 'string', title: '意见', minLength: 2, maxLength: 500 };

/** The "1+N" tail: cancel the registration and every permit, each department confirms, done. */
function jointCancellation(x: number, y: number, from: string): { nodes: SketchNode[]; flows: SketchFlow[] } {
  return {
    nodes: [
      { id: 'cancel', type: 'serviceTask', name: '注销登记及证照（1+N）', x, y, attrs: { handler: EXIT_HANDLERS.cancel } },
      {
        id: 'confirm', type: 'userTask', name: '证照注销确认', x: x + 160, y,
        attrs: { candidateRole: 'department_officer', candidateOrg: '${item.org}', timeLimit: '5wd' },
        multiInstance: { collection: 'permits', elementVariable: 'item' },
        form: { type: 'object', required: ['confirmed', 'opinion'], properties: { confirmed: { type: 'boolean', const: true, title: '已注销本部门证照' }, opinion } },
      },
      { id: 'close', type: 'serviceTask', name: '办结', x: x + 320, y, attrs: { handler: EXIT_HANDLERS.close } },
      { id: 'end', type: 'endEvent', name: '注销完成', x: x + 450, y },
    ],
    flows: [
      { id: 'f_cancel', from, to: 'cancel' },
      { id: 'f_confirm', from: 'cancel', to: 'confirm' },
      { id: 'f_close', from: 'confirm', to: 'close' },
      { id: 'f_end', from: 'close', to: 'end' },
    ],
  };
}

/** A public notice that anyone may object to: the timer ends it at `noticeEndsAt`, an objection stops the case. */
function noticeProcess(id: string, name: string, stopName: string): string {
  const tail = jointCancellation(480, 140, 'notice_period');
  return buildBpmn({
    id, name,
    nodes: [
      { id: 'start', type: 'startEvent', name: '公示开始', x: 80, y: 220 },
      { id: 'notice', type: 'eventBasedGateway', name: '公示期', x: 200, y: 220 },
      { id: 'notice_period', type: 'intermediateCatchEvent', name: '公示期届满无异议', x: 320, y: 140, timer: { date: '${noticeEndsAt}' } },
      { id: 'objection', type: 'intermediateCatchEvent', name: '收到异议', x: 320, y: 320, message: OBJECTION_MESSAGE, attrs: { correlationKey: '${noticeNo}' } },
      { id: 'end_objected', type: 'endEvent', name: stopName, x: 480, y: 320 },
      ...tail.nodes,
    ],
    flows: [
      { id: 'f_start', from: 'start', to: 'notice' },
      { id: 'f_timer', from: 'notice', to: 'notice_period' },
      { id: 'f_msg', from: 'notice', to: 'objection' },
      { id: 'f_objected', from: 'objection', to: 'end_objected' },
      ...tail.flows,
    ],
  });
}

/** 简易注销: the 20-day public notice, then "1+N"; an objection ends the simplified path. */
export const SIMPLIFIED_XML = noticeProcess(EXIT_PROCESS.simplified, '企业简易注销一件事', '异议终止简易注销');

/** 强制注销 (by authority): the notice with its window to object, then "1+N". */
export const FORCED_XML = noticeProcess(EXIT_PROCESS.forced, '依职权强制注销', '异议成立终止强制注销');

/** 一般注销: liquidation group filing, 45-day creditor notice, liquidation report, the official's decision, then "1+N". */
export const GENERAL_XML = (() => {
  const tail = jointCancellation(1060, 140, 'gw_decided');
  return buildBpmn({
    id: EXIT_PROCESS.general,
    name: '企业一般注销一件事',
    nodes: [
      { id: 'start', type: 'startEvent', name: '清算组备案', x: 80, y: 140 },
      {
        id: 'filing_review', type: 'userTask', name: '清算组备案审查', x: 200, y: 140,
        attrs: { candidateRole: 'department_officer', candidateOrg: '${dept.amr}', timeLimit: '3wd' },
        form: { type: 'object', required: ['accepted', 'opinion'], properties: { accepted: { type: 'boolean', title: '准予备案' }, opinion } },
      },
      { id: 'gw_filed', type: 'exclusiveGateway', name: '是否备案', x: 330, y: 140, defaultFlow: 'f_filed' },
      { id: 'reject', type: 'serviceTask', name: '不予注销', x: 620, y: 320, attrs: { handler: EXIT_HANDLERS.reject } },
      { id: 'end_rejected', type: 'endEvent', name: '不予注销', x: 760, y: 320 },
      { id: 'creditor_notice', type: 'serviceTask', name: '债权人公告（45日）', x: 450, y: 140, attrs: { handler: EXIT_HANDLERS.creditorNotice } },
      { id: 'notice_period', type: 'intermediateCatchEvent', name: '公告期届满', x: 580, y: 140, timer: { date: '${creditorNoticeEndsAt}' } },
      { id: 'report_due', type: 'serviceTask', name: '待报送清算报告', x: 690, y: 140, attrs: { handler: EXIT_HANDLERS.reportDue } },
      { id: 'report', type: 'intermediateCatchEvent', name: '清算报告', x: 800, y: 140, message: REPORT_MESSAGE, attrs: { correlationKey: '${caseId}' } },
      {
        id: 'decide', type: 'userTask', name: '注销登记决定', x: 910, y: 140,
        attrs: { candidateRole: 'department_officer,official', candidateOrg: '${dept.amr}', timeLimit: '3wd' },
        form: {
          type: 'object', required: ['approved', 'reason'],
          properties: { approved: { type: 'boolean', title: '准予注销' }, reason: { type: 'string', title: '决定理由', minLength: 2, maxLength: 1000 }, special: { type: 'boolean', title: '特殊情形' } },
        },
      },
      { id: 'gw_decided', type: 'exclusiveGateway', name: '是否准予', x: 1000, y: 140, defaultFlow: 'f_cancel' },
      ...tail.nodes,
    ],
    flows: [
      { id: 'f_start', from: 'start', to: 'filing_review' },
      { id: 'f_reviewed', from: 'filing_review', to: 'gw_filed' },
      { id: 'f_not_filed', from: 'gw_filed', to: 'reject', name: '不予备案', condition: '${accepted == false}' },
      { id: 'f_filed', from: 'gw_filed', to: 'creditor_notice', name: '备案' },
      { id: 'f_notice', from: 'creditor_notice', to: 'notice_period' },
      { id: 'f_due', from: 'notice_period', to: 'report_due' },
      { id: 'f_report', from: 'report_due', to: 'report' },
      { id: 'f_decide', from: 'report', to: 'decide' },
      { id: 'f_decided', from: 'decide', to: 'gw_decided' },
      { id: 'f_refused', from: 'gw_decided', to: 'reject', name: '不予注销', condition: '${approved == false}' },
      { id: 'f_rejected', from: 'reject', to: 'end_rejected' },
      ...tail.flows,
    ],
  });
})();
