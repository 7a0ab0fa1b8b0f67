import type { Clock } from '../../kernel/clock.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { LifecycleDb } from './lifecycle.repository.ts';
import type { InboxMessage } from './lifecycle.types.ts';

/** A message to companies, before a channel delivers it. */
export type Notice = Omit<InboxMessage, 'id' | 'createdAt'>;

/**
 * A way of telling companies: the inbox (built in), SMS and app gateways (configured adapters),
 * a log (development). `deliver` takes a batch: publication sends thousands at a time.
 */
export interface NotificationChannel {
  readonly name: string;
  deliver(notices: Notice[]): Promise<void>;
}

/** The built-in inbox: one row per notice in `policy_notifications`, read on the company's pages. */
export function inboxChannel(db: LifecycleDb, clock: Clock, ids: IdGenerator): NotificationChannel {
  return {
    name: 'inbox',
    async deliver(notices) {
      const at = clock.now().toISOString();
      for (let i = 0; i < notices.length; i += 500) {
        const chunk = notices.slice(i, i + 500);
        if (chunk.length === 0) continue;
        await db.insertInto('policy_notifications').values(chunk.map((n) => ({
          id: ids.next('pnt'), uscc: n.uscc, kind: n.kind, title_zh: n.title.zh, title_en: n.title.en, ref_id: n.refId, created_at: at,
        }))).execute();
      }
    },
  };
}

/** A development channel: writes one line per notice to a logger. */
export function loggingChannel(log: (line: string) => void): NotificationChannel {
  return {
    name: 'log',
    async deliver(notices) {
      for (const n of notices) log(`notify ${n.uscc} ${n.kind} ${n.refId ?? ''} ${n.title.zh}`);
    },
  };
}

/**
 * An SMS or app-push gateway reached over HTTP: notices are POSTed as JSON
 * (`{ channel, notices: [{ uscc, kind, title, refId }] }`) in batches of `batch`. Configured, not coded:
 * see `channelsFromConfig`.
 */
export function gatewayChannel(name: string, url: string, opts: { batch?: number; fetch?: typeof fetch } = {}): NotificationChannel {
  const send = opts.fetch ?? fetch;
  const size = opts.batch ?? 1000;
  return {
    name,
    async deliver(notices) {
      for (let i = 0; i < notices.length; i += size) {
        const res = await send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel: name, notices: notices.slice(i, i + size) }) });
        if (!res.ok) throw new Error(`${name} gateway answered ${res.status}`);
      }
    },
  };
}

/**
 * The configured extra channels: `ONETHING_NOTIFY_SMS_URL` and `ONETHING_NOTIFY_APP_URL` add
 * gateway adapters; `ONETHING_NOTIFY_LOG=1` adds the logging adapter.
 */
export function channelsFromConfig(env: Record<string, string | undefined>, log: (line: string) => void = (l) => { process.stdout.write(`${l}\n`); }): NotificationChannel[] {
  const out: NotificationChannel[] = [];
  if (env.ONETHING_NOTIFY_SMS_URL) out.push(gatewayChannel('sms', env.ONETHING_NOTIFY_SMS_URL));
  if (env.ONETHING_NOTIFY_APP_URL) out.push(gatewayChannel('app', env.ONETHING_NOTIFY_APP_URL));
  if (env.ONETHING_NOTIFY_LOG === '1') out.push(loggingChannel(log));
  return out;
}

/**
 * Delivers through every channel; the inbox must succeed (it is in the database), the others are
 * best effort: a failing gateway is reported, not fatal.
 */
export async function deliverAll(channels: NotificationChannel[], notices: Notice[], onError: (channel: string, e: unknown) => void): Promise<void> {
  for (const c of channels) {
    if (c.name === 'inbox') await c.deliver(notices);
    else await c.deliver(notices).catch((e: unknown) => onError(c.name, e));
  }
}
