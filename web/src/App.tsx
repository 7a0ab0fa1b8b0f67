import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ConfigProvider } from 'antd';
import type { Locale } from 'antd/es/locale/index.js';
import zhCN from 'antd/es/locale/zh_CN.js';
import enUS from 'antd/es/locale/en_US.js';
import { useTranslation } from 'react-i18next';
import { AuthProvider } from './auth/AuthProvider.tsx';
import { useAuth } from './auth/context.ts';
import { LoginPage } from './pages/LoginPage.tsx';
import { defaultExport } from './interop.ts';
import { PageLoading } from './components/PageLoading.tsx';
import { publicEntryAt } from './nav.ts';
import { PublicPage } from './layout/PublicPage.tsx';

const LOCALES: Record<string, Locale> = { 'zh-CN': defaultExport<Locale>(zhCN), en: defaultExport<Locale>(enUS) };

// Everything behind login (layout, menu, pages) is a separate chunk: the login page stays small.
const Shell = lazy(() => import('./layout/Shell.tsx'));

function RequireAuth() {
  const { me, loading, loggedOut } = useAuth();
  const location = useLocation();
  if (loading) return <PageLoading />;
  // A public page (a QR code's verification page) opens without login, bare; logged in, inside the shell.
  const open = me ? undefined : publicEntryAt(location.pathname);
  if (open) return <PublicPage entry={open} />;
  // After an explicit logout the next user starts at their own home; otherwise come back here.
  if (!me) return <Navigate to="/login" replace state={loggedOut ? null : { from: location.pathname + location.search }} />;
  return (
    <Suspense fallback={<PageLoading />}>
      <Shell />
    </Suspense>
  );
}

/** The app: antd locale and theme, the session, and the top-level routes. */
export function App() {
  // useTranslation re-renders on every language change, switching antd's locale with ours.
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={LOCALES[i18n.language] ?? LOCALES['zh-CN']}
      theme={{ token: { colorPrimary: '#1d63d8' } }}
      button={{ autoInsertSpace: false }}
    >
      <AuthProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="*" element={<RequireAuth />} />
          </Routes>
        </BrowserRouter>
      </AuthProvider>
    </ConfigProvider>
  );
}
