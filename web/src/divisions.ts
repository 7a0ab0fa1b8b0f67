/** The level of a division code: 2 digits province, 4 (or 6 ending in 00) city, 6 district, 9 town. */
export function divisionLevel(code: string): 'province' | 'city' | 'district' | 'town' | 'unknown' {
  if (/^\d{2}$/.test(code)) return 'province';
  if (/^\d{4}$/.test(code) || /^\d{4}00$/.test(code)) return 'city';
  if (/^\d{6}$/.test(code)) return 'district';
  if (/^\d{9}$/.test(code) || /^\d{12}$/.test(code)) return 'town';
  return 'unknown';
}
