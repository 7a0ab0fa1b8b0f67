import { describe, expect, it } from 'vitest';
import { testDialects } from '../../db/testing.ts';
import { useLoggedInApp } from './route-testing.ts';

const notice2027 = {
  notices: ['国务院办公厅关于2027年部分节假日安排的通知'],
  holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
  workdays: ['2027-01-31'],
};

describe('calendar API (inject)', () => {
  const api = useLoggedInApp(testDialects()[0], ['admin', 'city-official'], '10.7.0');
  const put = (who: string | null, year: number | string, payload: unknown) =>
    api.app.inject({ method: 'PUT', url: `/api/flow/calendar/${year}`, headers: who ? api.as(who) : {}, payload: payload as object });

  it('shows the calendar to signed-in users only', async () => {
    expect((await api.app.inject({ method: 'GET', url: '/api/flow/calendar' })).statusCode).toBe(401);
    const view = await api.app.inject({ method: 'GET', url: '/api/flow/calendar', headers: api.as('city-official') });
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ coverage: { from: '2019-01-01', to: '2026-12-31' }, years: expect.arrayContaining([expect.objectContaining({ year: 2026, source: 'shipped' })]) });
  });

  it('takes a notice from a platform administrator, naming the field and rule of what is wrong', async () => {
    expect((await put(null, 2027, notice2027)).statusCode).toBe(401);
    expect((await put('city-official', 2027, notice2027)).statusCode).toBe(403);
    expect((await put('admin', 1999, notice2027)).statusCode).toBe(400);
    const shape = await put('admin', 2027, { ...notice2027, holidays: [{ name: '元旦', from: '2027-01-01' }] });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().details.errors[0]).toMatchObject({ field: expect.stringContaining('holidays'), rule: 'required' });
    const rule = await put('admin', 2027, { ...notice2027, workdays: ['2027-01-06'] });
    expect(rule.statusCode).toBe(400);
    expect(rule.json()).toMatchObject({ code: 'validation.failed', details: { errors: [{ field: 'workdays.0', rule: 'workday.weekend' }] } });
    const saved = await put('admin', 2027, notice2027);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ coverage: { to: '2027-12-31' }, recounted: { instances: 0, deadlines: 0 }, year: { year: 2027, source: 'entered' } });
    const view = await api.app.inject({ method: 'GET', url: '/api/flow/calendar', headers: api.as('city-official') });
    expect(view.json().years[0]).toMatchObject({ year: 2027, source: 'entered', holidays: notice2027.holidays });
  });
});
