import { lazy, Suspense, useMemo } from 'react';
import { Link } from 'react-router';
import { App as AntApp, Layout, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { NavEntry } from '../nav.ts';
import { PageLoading } from '../components/PageLoading.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';

/** A page anyone may open (a certificate's QR code lands here): the page itself under a bare header. */
export function PublicPage({ entry }: { entry: NavEntry }) {
  const { t } = useTranslation();
  const Page = useMemo(() => lazy(entry.page), [entry]);
  return (
    <AntApp>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#fff' }}>
          <Typography.Text strong style={{ flex: 1 }}>{t('app.title')}</Typography.Text>
          <LanguageSwitch />
          <Link to="/login">{t('layout.logIn')}</Link>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Suspense fallback={<PageLoading />}>
            <Page />
          </Suspense>
        </Layout.Content>
      </Layout>
    </AntApp>
  );
}
