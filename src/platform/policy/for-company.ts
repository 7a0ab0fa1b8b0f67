import { explainSubject, formatFenEn, formatFenZh, screenSubject, type AttributeSchema, type CompiledUnit, type rowSubject } from '../../engines/rules/index.ts';
import { whyNot } from './claim-evaluation.ts';

/** Near misses fail at most this many conditions… */
export const NEAR_MISS_FAILED = 3;
/** …and at most this many are listed, the closest first. */
export const NEAR_MISSES = 20;

type Text = { zh: string; en: string };

/** A company's units as screened: the eligible ones with their amounts, the near misses shown with why not. */
export interface CompanyPick {
  eligible: { u: CompiledUnit; amount: number }[];
  nearMisses: { u: CompiledUnit; why: Text[] }[];
}

/**
 * Screens a company's facts against its candidate units (verdicts, amounts and failed conditions
 * counted, no explanation) and explains only the near misses shown: units in force failing at most
 * `NEAR_MISS_FAILED` conditions, the closest `NEAR_MISSES` first (ties by id).
 */
export function pickCompanyUnits(units: CompiledUnit[], subject: ReturnType<typeof rowSubject>, schema: AttributeSchema): CompanyPick {
  const screen = screenSubject(units, subject, schema, { limit: NEAR_MISS_FAILED });
  const eligible: CompanyPick['eligible'] = [];
  const misses: { u: CompiledUnit; failed: number }[] = [];
  for (let k = 0; k < units.length; k++) {
    const u = units[k];
    if (screen.eligible[k] === 1) eligible.push({ u, amount: screen.amount[k] });
    else if (u.inForce && screen.failed[k] <= NEAR_MISS_FAILED) misses.push({ u, failed: screen.failed[k] });
  }
  const shown = misses.sort((a, b) => a.failed - b.failed || (a.u.id < b.u.id ? -1 : 1)).slice(0, NEAR_MISSES);
  // Only the near misses shown are explained (labels and sentences are each unit's own).
  const explained = explainSubject(shown.map((m) => m.u), subject, schema);
  return { eligible, nearMisses: explained.map((r, i) => ({ u: shown[i].u, why: whyNot(r.explanation) })) };
}

// Amounts written out, shared by every answer (units often pay the same sums); bounded.
const amountTexts = new Map<number, { obj: Text; json: string }>();
function amountText(fen: number): { obj: Text; json: string } {
  let t = amountTexts.get(fen);
  if (!t) {
    if (amountTexts.size >= 50_000) amountTexts.clear();
    const obj = { zh: formatFenZh(fen), en: formatFenEn(fen) };
    amountTexts.set(fen, (t = { obj, json: JSON.stringify(obj) }));
  }
  return t;
}

/** The objects "policies for me" lists. */
export function companyResultsOf(pick: CompanyPick): {
  eligible: { id: string; version: number; title: Text; amount: number; amountText?: Text }[];
  nearMisses: { id: string; version: number; title: Text; why: Text[] }[];
} {
  return {
    eligible: pick.eligible.map(({ u, amount }) => (u.benefit ? { id: u.id, version: u.version, title: u.title, amount, amountText: { ...amountText(amount).obj } } : { id: u.id, version: u.version, title: u.title, amount })),
    nearMisses: pick.nearMisses.map(({ u, why }) => ({ id: u.id, version: u.version, title: u.title, why })),
  };
}

// The JSON of a unit's identity (`{"id":…,"version":…,"title":{…}` without the closing brace),
// written once per compiled unit: a publication compiles the units anew, so a new version gets its own.
const heads = new WeakMap<CompiledUnit, string>();
function headOf(u: CompiledUnit): string {
  let h = heads.get(u);
  if (h === undefined) heads.set(u, (h = `{"id":${JSON.stringify(u.id)},"version":${JSON.stringify(u.version)},"title":${JSON.stringify({ zh: u.title.zh, en: u.title.en })}`));
  return h;
}

/**
 * The same lists as JSON text, composed from each unit's identity written once per version: the
 * eligible units with amount, amount text and approval mode (`modeOf`), and the near misses with
 * why not. `JSON.parse` of each gives what `companyResultsOf` gives (with `mode` added).
 */
export function companyJsonOf(pick: CompanyPick, modeOf: (unitId: string) => string | null): { eligible: string; nearMisses: string } {
  let eligible = '';
  for (const { u, amount } of pick.eligible) {
    const mode = modeOf(u.id);
    eligible += `${eligible ? ',' : ''}${headOf(u)},"amount":${JSON.stringify(amount)}${u.benefit ? `,"amountText":${amountText(amount).json}` : ''},"mode":${mode === null ? 'null' : JSON.stringify(mode)}}`;
  }
  let nearMisses = '';
  for (const { u, why } of pick.nearMisses) nearMisses += `${nearMisses ? ',' : ''}${headOf(u)},"why":${JSON.stringify(why)}}`;
  return { eligible: `[${eligible}]`, nearMisses: `[${nearMisses}]` };
}
