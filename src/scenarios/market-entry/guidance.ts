import { AppError, assertNoFieldErrors, type FieldError } from '../../kernel/errors.ts';
import { describeItem, type ItemView, type LicenceCatalogue } from './catalogue-model.ts';
import type { LicenceItem } from './licence.types.ts';
import { matchScopeText, type FragmentMatch } from './scope-match.ts';
import type { ScopeEntry } from './scope.data.ts';

/** What the applicant has chosen: standard entries by code, free text, and items added or removed by hand. */
export interface SuggestInput {
  scopeCodes?: string[];
  scopeText?: string;
  add?: string[];
  remove?: string[];
}

/** Why an item is on the list. */
export interface Reason {
  kind: 'registration' | 'scope' | 'prerequisite' | 'applicant';
  /** The scope entry or the item that brought it. */
  from?: string;
  text: string;
}

/** A consequence of the applicant's choice the UI must show. */
export interface GuidanceProblem {
  rule: 'prerequisite.missing' | 'scope.licence_missing' | 'item.inactive';
  item: string;
  missing?: string;
  scope?: string;
  message: string;
}

/** The suggested licence list and what follows from it. */
export interface Guidance {
  scope: ScopeEntry[];
  fragments: FragmentMatch[];
  /** 许可项目：…；一般项目：… as a register prints it. */
  scopeText: string;
  items: (ItemView & { reasons: Reason[]; suggested: boolean })[];
  removed: string[];
  problems: GuidanceProblem[];
  totals: { items: number; departments: number; longestLimitDays: number; automatic: number; commitment: number; zeroMaterials: number };
}

function cite(cat: LicenceCatalogue, item: LicenceItem): string {
  const dept = cat.department(item.department)?.zh ?? item.department;
  return `${item.name}（${dept}，${item.basis.law}${item.basis.article}）`;
}

/**
 * From the business scope, the licences the company will need, each with its reasons, expanded with
 * their prerequisites; then the applicant's own additions and removals, with the consequences flagged
 * (a prerequisite missing, a licensed scope entry left without its licence, a retired item).
 */
export function suggestLicences(cat: LicenceCatalogue, input: SuggestInput): Guidance {
  const errors: FieldError[] = [];
  const scope: ScopeEntry[] = [];
  (input.scopeCodes ?? []).forEach((code, i) => {
    const entry = cat.scopeByCode.get(code);
    if (!entry) errors.push({ field: `body.scopeCodes.${i}`, rule: 'known', message: `${code} is not a standard business-scope entry` });
    else if (!scope.includes(entry)) scope.push(entry);
  });
  for (const [field, codes] of [['add', input.add ?? []], ['remove', input.remove ?? []]] as const) {
    codes.forEach((code, i) => {
      if (!cat.byCode.has(code)) errors.push({ field: `body.${field}.${i}`, rule: 'known', message: `${code} is not in the licence catalogue` });
    });
  }
  assertNoFieldErrors(errors, 'Unknown business-scope entry or licence item');
  const fragments = input.scopeText ? matchScopeText(cat.scope, input.scopeText) : [];
  for (const f of fragments) if (f.entry && !scope.includes(f.entry)) scope.push(f.entry);
  if (scope.length === 0 && (input.add ?? []).length === 0) throw new AppError('validation.failed', 'Choose at least one business-scope entry', { errors: [{ field: 'body.scopeCodes', rule: 'minItems', message: 'choose at least one standard business-scope entry (or write a scope that matches one)' }] });

  const reasons = new Map<string, Reason[]>();
  const note = (code: string, reason: Reason) => {
    const list = reasons.get(code) ?? [];
    if (!list.some((r) => r.kind === reason.kind && r.from === reason.from)) list.push(reason);
    reasons.set(code, list);
  };
  note('business_licence', { kind: 'registration', text: `设立登记：${cite(cat, cat.byCode.get('business_licence')!)}` });
  for (const entry of scope) {
    for (const code of entry.licences) {
      const item = cat.byCode.get(code);
      if (!item) continue;
      const label = entry.class === 'licensed' ? '许可项目' : '一般项目';
      note(code, { kind: 'scope', from: entry.code, text: `因经营范围含「${entry.wording}」（${label}），需${item.kind === 'filing' ? '办理备案' : '办理'}${cite(cat, item)}` });
    }
  }
  // Prerequisites of everything suggested so far, transitively.
  const expand = (code: string, seen: Set<string>) => {
    for (const req of cat.byCode.get(code)?.requires ?? []) {
      const item = cat.byCode.get(req);
      if (!item) continue;
      // The business licence is on every list already, as the registration itself: no reason per item needing it.
      if (req !== 'business_licence') note(req, { kind: 'prerequisite', from: code, text: `办理${cat.byCode.get(code)!.name}需先取得${item.name}（${cat.department(item.department)?.zh ?? item.department}）` });
      if (!seen.has(req)) {
        seen.add(req);
        expand(req, seen);
      }
    }
  };
  for (const code of [...reasons.keys()]) expand(code, new Set([code]));
  const suggested = new Set(reasons.keys());
  for (const code of input.add ?? []) if (!suggested.has(code)) note(code, { kind: 'applicant', text: `申请人自行添加：${cite(cat, cat.byCode.get(code)!)}` });
  const removed = [...new Set(input.remove ?? [])].filter((c) => reasons.has(c));
  for (const code of removed) reasons.delete(code);

  const chosen = new Set(reasons.keys());
  const problems: GuidanceProblem[] = [];
  for (const code of chosen) {
    const item = cat.byCode.get(code)!;
    if (!item.active) problems.push({ rule: 'item.inactive', item: code, message: `${item.name}已停止受理，请联系${cat.department(item.department)?.zh ?? item.department}` });
    for (const req of item.requires) {
      if (!chosen.has(req)) problems.push({ rule: 'prerequisite.missing', item: code, missing: req, message: `${item.name}需先取得${cat.byCode.get(req)?.name ?? req}，但已被移除` });
    }
  }
  for (const entry of scope) {
    if (entry.class !== 'licensed') continue;
    for (const code of entry.licences) {
      if (!chosen.has(code) && cat.byCode.get(code)?.kind === 'licence') {
        problems.push({ rule: 'scope.licence_missing', item: code, scope: entry.code, message: `经营范围含「${entry.wording}」（许可项目），未取得${cat.byCode.get(code)!.name}前不得从事该项经营` });
      }
    }
  }

  const items = [...chosen].map((code) => ({ ...describeItem(cat, cat.byCode.get(code)!), reasons: reasons.get(code)!, suggested: suggested.has(code) }));
  const order = new Map(cat.items.map((i, n) => [i.code, n]));
  items.sort((a, b) => (a.code === 'business_licence' ? -1 : b.code === 'business_licence' ? 1 : order.get(a.code)! - order.get(b.code)!));
  const licensed = scope.filter((e) => e.class === 'licensed').map((e) => e.wording);
  const general = scope.filter((e) => e.class === 'general').map((e) => e.wording);
  const scopeText = [licensed.length ? `许可项目：${licensed.join('；')}` : '', general.length ? `一般项目：${general.join('；')}` : ''].filter(Boolean).join('。');
  return {
    scope,
    fragments,
    scopeText,
    items,
    removed,
    problems,
    totals: {
      items: items.length,
      departments: new Set(items.map((i) => i.department)).size,
      longestLimitDays: Math.max(0, ...items.map((i) => i.timeLimitDays)),
      automatic: items.filter((i) => i.mode === 'automatic').length,
      commitment: items.filter((i) => i.mode === 'commitment').length,
      zeroMaterials: items.filter((i) => i.zeroMaterials).length,
    },
  };
}
