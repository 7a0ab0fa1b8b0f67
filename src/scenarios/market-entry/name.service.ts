import { getDivision } from '../../kernel/divisions.ts';
import { AppError, assertNoFieldErrors, type FieldError } from '../../kernel/errors.ts';
import type { Actor } from '../../platform/identity/identity.types.ts';
import { formClassOf, normaliseName, parseName, type NameParts, type NameProblem } from './name-check.ts';
import { ORGANISATION_FORMS } from './name-rules.data.ts';
import type { MarketRepository } from './market.repository.ts';

/** A name to check: the name, the legal form it will be registered with, and the district of registration. */
export interface NameCheckInput {
  name: string;
  legalForm?: string;
  districtCode: string;
}

/** The answer of a name check (企业名称自主申报): acceptable or not, the parts, every problem, and the names in the way. */
export interface NameCheckResult {
  name: string;
  acceptable: boolean;
  parts: NameParts;
  problems: NameProblem[];
  conflicts: { uscc: string; name: string; status: string }[];
}

const TAKEN_BASIS = '《企业名称登记管理规定》第十七条';

/**
 * The name check of self-declared enterprise names: the text's own rules (`parseName`), then the register
 * of the city (`enterprises`): the same name, or the same trade name with the same industry phrase and
 * the same kind of organisation form, is taken.
 */
export function createNameService(deps: { repo: MarketRepository }) {
  const service = {
    /** Checks a name; `validation.failed` only for malformed input (unknown district or legal form). */
    async check(actor: Actor, input: NameCheckInput): Promise<NameCheckResult> {
      void actor; // any signed-in user may try a name; the answer shows only public register names
      const errors: FieldError[] = [];
      const division = getDivision(input.districtCode);
      if (!division || division.level !== 'county') errors.push({ field: 'body.districtCode', rule: 'division.county', message: 'districtCode must be a district or county code (GB/T 2260), e.g. 330106' });
      if (input.legalForm !== undefined && !ORGANISATION_FORMS[input.legalForm]) errors.push({ field: 'body.legalForm', rule: 'enum', message: `legalForm must be one of ${Object.keys(ORGANISATION_FORMS).join(', ')}` });
      assertNoFieldErrors(errors, 'Invalid name check');
      const parsed = parseName(input.name, { legalForm: input.legalForm, districtCode: input.districtCode });
      const problems = [...parsed.problems];
      const conflicts: NameCheckResult['conflicts'] = [];
      const identical = await deps.repo.nameExists(parsed.name);
      if (identical) {
        conflicts.push(identical);
        problems.push({ rule: 'name.taken.identical', basis: TAKEN_BASIS, message: `名称已被使用：${identical.name}` });
      }
      const { tradeName, industry, form } = parsed.parts;
      if (tradeName && industry && !identical) {
        const cityPrefix = input.districtCode.slice(0, 4);
        const formClass = formClassOf(form);
        for (const other of await deps.repo.namesContaining(tradeName, cityPrefix)) {
          const p = parseName(other.name).parts;
          const same = p.tradeName ? p.tradeName === tradeName && p.industry === industry : normaliseName(other.name).includes(tradeName + industry);
          if (same && formClassOf(p.form) === formClass) conflicts.push(other);
        }
        if (conflicts.length) {
          problems.push({ rule: 'name.taken.similar', basis: TAKEN_BASIS, message: `本市已有字号“${tradeName}”、行业表述“${industry}”相同的企业：${conflicts.slice(0, 3).map((c) => c.name).join('、')}` });
        }
      }
      return { name: parsed.name, acceptable: problems.length === 0, parts: parsed.parts, problems, conflicts };
    },

    /** Checks a name and throws `validation.failed` naming `field` and each broken rule unless it is acceptable. */
    async assertAcceptable(actor: Actor, input: NameCheckInput, field = 'body.name'): Promise<NameCheckResult> {
      const result = await service.check(actor, input);
      if (!result.acceptable) throw new AppError('validation.failed', `The name ${result.name} cannot be registered`, { errors: result.problems.map((p) => ({ field, rule: p.rule, message: `${p.message}（${p.basis}）` })) });
      return result;
    },
  };
  return service;
}

/** The name service's interface. */
export type NameService = ReturnType<typeof createNameService>;
