import type { TFunction } from 'i18next';
import { ApiError } from './client.ts';
import { currentLanguage } from '../i18n/index.ts';

function clockTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleTimeString(currentLanguage(), { hour: '2-digit', minute: '2-digit' });
}

/**
 * The message to show for a failed request: the translation of its stable code when the
 * resources have one (`errors.auth.locked`), otherwise the API's own message; then what the
 * details add (attempts left, locked until, each failing field).
 */
export function errorMessage(error: unknown, t: TFunction): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : t('errors.unknown');
  const translated = t(`errors.${error.code}`, { defaultValue: '' });
  const parts = [translated || error.message || t('errors.unknown')];
  const { attemptsLeft, lockedUntil } = error.details as { attemptsLeft?: unknown; lockedUntil?: unknown };
  if (typeof attemptsLeft === 'number') parts.push(t('errors.attemptsLeft', { count: attemptsLeft }));
  if (typeof lockedUntil === 'string') parts.push(t('errors.lockedUntil', { time: clockTime(lockedUntil) }));
  const fields = (error.details.errors ?? []).map((problem) => `${problem.field}: ${problem.message}`);
  // Chinese sentences follow each other without a space; English ones with one.
  const text = parts.join(t('errors.sentenceSeparator', { defaultValue: ' ' }));
  return fields.length ? `${text} (${fields.join('; ')})` : text;
}
