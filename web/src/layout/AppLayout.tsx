import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Drawer, Grid, Layout, Menu, Space, Tag, Typography } from 'antd';
import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAuth, useMe } from '../auth/context.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { navFor } from '../nav.ts';

/** The frame around every page behind login: top bar, side navigation (a drawer on phones), content. */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const isWide = screens.lg ?? true;
  const isPhone = !(screens.sm ?? true);

  const entries = navFor(me.role).filter((entry) => !entry.hidden);
  const selected = entries.filter((entry) => location.pathname.startsWith(entry.path)).map((entry) => entry.path);
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected}
      style={{ borderInlineEnd: 'none' }}
      onClick={({ key }) => {
        setDrawerOpen(false);
        navigate(key);
      }}
      items={entries.map((entry) => ({ key: entry.path, icon: <entry.icon />, label: t(entry.labelKey) }))}
      data-testid="side-nav"
    />
  );

  async function signOut() {
    try {
      await logout();
    } catch {
      // The session is dropped locally even when the server cannot be told (offline, expired).
    }
    navigate('/login', { replace: true });
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 8, paddingInline: isPhone ? 8 : 24, background: '#fff', borderBottom: '1px solid #eef0f3' }}
      >
        {!isWide && <Button type="text" icon={<MenuOutlined />} aria-label={t('layout.openMenu')} onClick={() => setDrawerOpen(true)} />}
        <Typography.Text strong style={{ fontSize: 18, whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </Typography.Text>
        <div style={{ flex: 1 }} />
        <Space size={isPhone ? 0 : 'small'}>
          {!isPhone && (
            <span data-testid="current-user">
              <Typography.Text>{me.displayName}</Typography.Text> <Tag color="blue">{t(`roles.${me.role}`)}</Tag>
            </span>
          )}
          <LanguageSwitch />
          <Button type="text" icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="logout">
            {isPhone ? null : t('layout.logout')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        {isWide && (
          <Layout.Sider width={220} theme="light" style={{ borderInlineEnd: '1px solid #eef0f3' }}>
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: isPhone ? 12 : 24, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
      {!isWide && (
        <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} size={260} title={t('app.name')}>
          {isPhone && (
            <div style={{ marginBottom: 12 }}>
              <Typography.Text>{me.displayName}</Typography.Text> <Tag color="blue">{t(`roles.${me.role}`)}</Tag>
            </div>
          )}
          {menu}
        </Drawer>
      )}
    </Layout>
  );
}
