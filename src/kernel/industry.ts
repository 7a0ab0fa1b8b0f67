import { DIVISION_ROWS, SECTION_ROWS } from './industry.data.ts';

/** A section (门类) of GB/T 4754-2017, e.g. `C` 制造业. */
export interface IndustrySection {
  letter: string;
  name: string;
  nameEn: string;
}

/**
 * A division (大类) of GB/T 4754-2017. `code` is our industry code: section letter +
 * the 2-digit division, e.g. `C39`, `F51`, `I65`.
 */
export interface IndustryDivision {
  code: string;
  section: string;
  division: string;
  name: string;
  nameEn: string;
}

const SECTIONS: readonly IndustrySection[] = Object.freeze(
  SECTION_ROWS.map(([letter, name, nameEn]) => Object.freeze({ letter, name, nameEn })),
);

const DIVISIONS: readonly IndustryDivision[] = Object.freeze(
  DIVISION_ROWS.map(([section, division, name, nameEn]) =>
    Object.freeze({ code: section + division, section, division, name, nameEn }),
  ),
);

const BY_CODE = new Map(DIVISIONS.map((d) => [d.code, d]));
const SECTION_BY_LETTER = new Map(SECTIONS.map((s) => [s.letter, s]));

/** The 20 sections A–T in the standard's order. */
export function industrySections(): readonly IndustrySection[] {
  return SECTIONS;
}

/** The 97 divisions 01–97 in the standard's order. */
export function industryDivisions(): readonly IndustryDivision[] {
  return DIVISIONS;
}

/** A section by its letter (`'C'`), or undefined. */
export function getIndustrySection(letter: string): IndustrySection | undefined {
  return SECTION_BY_LETTER.get(letter);
}

/** A division by our industry code (`'C39'`), or undefined when the code names none. */
export function getIndustryDivision(code: string): IndustryDivision | undefined {
  return BY_CODE.get(code);
}

/** The divisions of one section, in order; empty for an unknown letter. */
export function divisionsOfSection(letter: string): readonly IndustryDivision[] {
  return DIVISIONS.filter((d) => d.section === letter);
}

/** Whether a string is one of our 97 industry codes (section letter + its own division). */
export function isIndustryCode(code: string): boolean {
  return BY_CODE.has(code);
}
