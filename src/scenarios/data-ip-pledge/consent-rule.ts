import type { FieldError } from '../../kernel/errors.ts';
import type { ConsentRecord } from './pledge.types.ts';

/**
 * The informed-consent rule: every declared data subject class has one consent record with a
 * basis, a scope and a date no later than today; records for undeclared classes are refused too.
 */
export function checkConsents(subjectClasses: readonly string[], consents: readonly ConsentRecord[], today: string): FieldError[] {
  const errors: FieldError[] = [];
  const classes = new Set(subjectClasses);
  subjectClasses.forEach((c) => {
    const records = consents.filter((r) => r.subjectClass === c);
    if (records.length === 0) errors.push({ field: 'body.consents', rule: 'consent.missing', message: `no consent record for data subject class "${c}"` });
    if (records.length > 1) errors.push({ field: 'body.consents', rule: 'consent.duplicate', message: `more than one consent record for "${c}"` });
  });
  consents.forEach((r, i) => {
    if (!classes.has(r.subjectClass)) errors.push({ field: `body.consents.${i}.subjectClass`, rule: 'consent.unknownClass', message: `"${r.subjectClass}" is not one of the declared data subject classes` });
    if (r.scope.trim() === '') errors.push({ field: `body.consents.${i}.scope`, rule: 'required', message: 'the scope of use must be stated' });
    if (r.date > today) errors.push({ field: `body.consents.${i}.date`, rule: 'consent.future', message: `consent date ${r.date} is after today (${today})` });
  });
  return errors;
}
