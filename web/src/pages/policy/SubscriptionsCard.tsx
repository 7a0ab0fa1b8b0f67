import { useEffect, useState } from 'react';
import { App, Button, Card, Checkbox, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import { oversightApi, type Subscriptions } from './oversight-api.ts';

/** The company's subscriptions by policy category (订阅), on "policies for me". */
export function SubscriptionsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [subs, setSubs] = useState<Subscriptions | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    oversightApi.subscriptions().then((s) => { setSubs(s); setChosen(s.categories); }).catch((e: unknown) => message.error(errorMessage(e, t)));
  }, [message, t]);

  async function save() {
    setBusy(true);
    try {
      const s = await oversightApi.subscribe(chosen);
      setSubs(s);
      message.success(t('oversight.subscriptions.saved'));
    } catch (e) {
      message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('oversight.subscriptions.title')} loading={!subs}>
      <Space direction="vertical">
        <Typography.Text type="secondary">{t('oversight.subscriptions.hint')}</Typography.Text>
        <Checkbox.Group value={chosen} onChange={(v) => setChosen(v as string[])} options={(subs?.available ?? []).map((c) => ({ value: c, label: <span data-testid={`subscribe-${c}`}>{c}</span> }))} />
        <Button type="primary" size="small" loading={busy} onClick={() => void save()} data-testid="subscriptions-save">{t('oversight.subscriptions.save')}</Button>
      </Space>
    </Card>
  );
}
