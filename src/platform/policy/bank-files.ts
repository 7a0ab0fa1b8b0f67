import type { FieldError } from '../../kernel/errors.ts';
import type { Payment } from './lifecycle.types.ts';

/** The columns of a payment batch file, in order (see docs/policy-lifecycle.md). */
export const BATCH_COLUMNS = ['payment_id', 'idempotency_key', 'payee_uscc', 'payee_name', 'account_number', 'bank_code', 'amount_fen', 'amount_yuan', 'purpose'] as const;
/** The columns of the bank's return file, in order. */
export const RETURN_COLUMNS = ['payment_id', 'result', 'reason_code', 'reason'] as const;
/** Failure codes after which a payment is sent again (up to `MAX_ATTEMPTS`); any other failure returns it. */
export const RETRIABLE_CODES = new Set(['TIMEOUT', 'BANK_BUSY', 'SYSTEM_ERROR']);
/** Attempts before a retriable failure returns the payment. */
export const MAX_ATTEMPTS = 3;

function cell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Fen as yuan with two decimals, by integer arithmetic. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** A batch file: UTF-8 CSV, a header line, one line per payment, CRLF line ends. */
export function batchFile(payments: (Payment & { purpose: string })[]): string {
  const lines = [BATCH_COLUMNS.join(',')];
  for (const p of payments) lines.push([p.id, p.idemKey, p.uscc, p.account.name, p.account.number, p.account.bank, p.amountFen, fenToYuan(p.amountFen), p.purpose].map(cell).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Splits CSV text into rows of fields (quotes, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((f) => f !== '')) out.push(row);
      row = [];
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f !== '')) out.push(row);
  return out;
}

/** One line of a return file. */
export interface ReturnLine {
  paymentId: string;
  result: 'PAID' | 'FAILED';
  reasonCode: string;
  reason: string;
}

/** Reads a bank return file in CSV; every bad line is an error naming the line and the column. */
export function parseReturnFile(text: string): { lines: ReturnLine[]; errors: FieldError[] } {
  return parseReturnTable(parseCsv(text.replace(/^\uFEFF/, '')));
}

/** Reads a return file's rows (from CSV or XLSX), the first the header; every bad line is an error naming the line and the column. */
export function parseReturnTable(table: string[][]): { lines: ReturnLine[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const header = table[0]?.map((h) => h.trim());
  if (!header || RETURN_COLUMNS.some((c, i) => header[i] !== c)) return { lines: [], errors: [{ field: 'row 1', rule: 'header', message: `the header is ${RETURN_COLUMNS.join(',')}` }] };
  const lines: ReturnLine[] = [];
  table.slice(1).forEach((r, i) => {
    const row = `row ${i + 2}`;
    const [paymentId = '', result = '', reasonCode = '', reason = ''] = r.map((f) => f.trim());
    if (!paymentId) errors.push({ field: `${row}.payment_id`, rule: 'required', message: 'payment_id is required' });
    if (result !== 'PAID' && result !== 'FAILED') errors.push({ field: `${row}.result`, rule: 'enum', message: 'result is PAID or FAILED' });
    if (result === 'FAILED' && !reasonCode) errors.push({ field: `${row}.reason_code`, rule: 'required', message: 'a failure has a reason code' });
    lines.push({ paymentId, result: result as ReturnLine['result'], reasonCode, reason });
  });
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    if (seen.has(l.paymentId)) errors.push({ field: `row ${i + 2}.payment_id`, rule: 'unique', message: `payment ${l.paymentId} appears twice` });
    seen.add(l.paymentId);
  });
  return { lines, errors };
}
