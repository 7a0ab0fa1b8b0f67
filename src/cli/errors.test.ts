import { describe, expect, it } from 'vitest';
import { AppError } from '../kernel/errors.ts';
import { describeCliError } from './errors.ts';

describe('describeCliError', () => {
  it('says the database cannot be reached, through causes, for network and PostgreSQL connection or login errors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(describeCliError(new Error('Migration 0001 failed: x', { cause: refused }))).toBe('cannot reach the database (DATABASE_URL): connect ECONNREFUSED 127.0.0.1:1');
    expect(describeCliError(Object.assign(new Error('password authentication failed for user "x"'), { code: '28P01' }))).toMatch(/^cannot reach the database .*password authentication failed/);
    expect(describeCliError(Object.assign(new Error('database "x" does not exist'), { code: '3D000' }))).toMatch(/^cannot reach the database .*does not exist/);
  });
  it('gives an AppError its code, anything else its message', () => {
    expect(describeCliError(new AppError('not_found', 'No file x'))).toBe('not_found: No file x');
    expect(describeCliError(new Error('boom'))).toBe('error: boom (LOG_LEVEL=debug shows where)');
    expect(describeCliError('plain')).toBe('error: plain (LOG_LEVEL=debug shows where)');
  });
});
