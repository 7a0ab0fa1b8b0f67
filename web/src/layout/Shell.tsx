import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { Navigate, Route, Routes, useNavigate } from 'react-router';
import { App as AntApp, Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/context.ts';
import { firstPathUnder, homePathFor, NAV, type NavEntry } from '../nav.ts';
import { PageLoading } from '../components/PageLoading.tsx';
import { AppLayout } from './AppLayout.tsx';

// Paths with two segments (`/admin/audit`) form a section whose bare path (`/admin`) opens its first page.
const SECTIONS = [...new Set(NAV.filter((e) => e.path.split('/').length > 2).map((e) => e.path.split('/')[1]))];

const PAGES = new Map<string, LazyExoticComponent<ComponentType>>(NAV.map((entry) => [entry.path, lazy(entry.page)]));

function BackHome() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  return <Button onClick={() => navigate(homePathFor(me.role))}>{t('layout.backHome')}</Button>;
}

function Guarded({ entry }: { entry: NavEntry }) {
  const { t } = useTranslation();
  const me = useMe();
  const Page = PAGES.get(entry.path);
  if (!Page) return null;
  if (!entry.roles.includes(me.role)) {
    return (
      <Result
        status="403"
        title={t('layout.forbiddenTitle')}
        subTitle={t('layout.forbidden')}
        extra={<BackHome />}
      />
    );
  }
  return (
    <Suspense fallback={<PageLoading />}>
      <Page />
    </Suspense>
  );
}

function SectionIndex({ prefix }: { prefix: string }) {
  const me = useMe();
  return <Navigate to={firstPathUnder(prefix, me.role) ?? homePathFor(me.role)} replace />;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('layout.notFoundTitle')}
      subTitle={t('layout.notFound')}
      extra={<BackHome />}
    />
  );
}

/** Everything behind login: the layout and the routes built from the navigation table. */
export default function Shell() {
  const me = useMe();
  // antd's App (message, notification, modal) is needed only behind login: kept out of the login chunk.
  return (
    <AntApp>
      <Routes>
        <Route element={<AppLayout />}>
          <Route index element={<Navigate to={homePathFor(me.role)} replace />} />
          {SECTIONS.map((section) => (
            <Route key={section} path={section} element={<SectionIndex prefix={`/${section}`} />} />
          ))}
          {NAV.map((entry) => (
            <Route key={entry.path} path={entry.path.slice(1)} element={<Guarded entry={entry} />} />
          ))}
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </AntApp>
  );
}
