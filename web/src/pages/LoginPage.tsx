import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Alert, Button, Collapse, Flex, Form, Input, Space, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/context.ts';
import { errorMessage } from '../api/errors.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { useApiGet } from '../api/useApi.ts';
import type { Role } from '../../../src/kernel/roles.ts';

/** What /api/auth/demo answers: the demo logins, empty unless the demo city is on. */
interface DemoAccounts {
  password: string | null;
  accounts: { username: string; role: Role }[];
}

interface LoginForm {
  username: string;
  password: string;
}

/** The login page: username and password; shows the API's reason when login fails. */
export function LoginPage() {
  const { t } = useTranslation();
  const { me, expired, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<LoginForm>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;
  const demo = useApiGet<DemoAccounts>('/api/auth/demo').data;

  if (me) return <Navigate to={from ?? '/'} replace />;

  async function submit(values: LoginForm) {
    setSubmitting(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
      navigate(from ?? '/', { replace: true });
    } catch (failure) {
      setError(errorMessage(failure, t));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16 }}>
      {/* A plain panel rather than antd's Card, whose tabs would add ~45 kB to the login chunk. */}
      <div
        style={{ width: '100%', maxWidth: 400, background: '#fff', borderRadius: 8, padding: 24, boxShadow: '0 1px 2px rgba(0, 0, 0, 0.06)' }}
        data-testid="login-card"
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <LanguageSwitch />
          </div>
          <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
          {expired && !error && <Alert type="info" showIcon title={t('login.expired')} />}
          {error && <Alert type="error" showIcon title={error} data-testid="login-error" />}
          <Form<LoginForm> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting}>
              {t('login.submit')}
            </Button>
          </Form>
          {demo?.password && demo.accounts.length > 0 && (
            <Collapse
              size="small"
              items={[
                {
                  key: 'demo',
                  label: t('login.demoTitle'),
                  children: (
                    <>
                      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                        {t('login.demoHint', { password: demo.password })}
                      </Typography.Paragraph>
                      <Flex wrap gap={6}>
                        {demo.accounts.map((account) => (
                          <Button
                            key={account.username}
                            size="small"
                            title={t(`roles.${account.role}`)}
                            onClick={() => form.setFieldsValue({ username: account.username, password: demo.password ?? '' })}
                          >
                            {account.username}
                          </Button>
                        ))}
                      </Flex>
                    </>
                  ),
                },
              ]}
            />
          )}
        </Space>
      </div>
    </div>
  );
}
