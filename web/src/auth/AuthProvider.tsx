import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, apiGet, apiPost, onUnauthenticated } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { AuthContext, type AuthState } from './context.ts';

/** Holds the session: asks GET /api/auth/me once, then tracks login, logout and expiry. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);
  const [loggedOut, setLoggedOut] = useState(false);

  useEffect(() => {
    let alive = true;
    apiGet<{ user: Me }>('/api/auth/me')
      .then((answer) => alive && setMe(answer.user))
      .catch((error: unknown) => {
        if (!(error instanceof ApiError) || error.status !== 401) console.error(error);
      })
      .finally(() => alive && setLoading(false));
    const unsubscribe = onUnauthenticated(() => {
      setMe((previous) => {
        if (previous) setExpired(true);
        return null;
      });
    });
    return () => {
      alive = false;
      unsubscribe();
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const answer = await apiPost<{ user: Me }>('/api/auth/login', { username, password });
    setExpired(false);
    setLoggedOut(false);
    setMe(answer.user);
    return answer.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await apiPost<void>('/api/auth/logout');
    } finally {
      setExpired(false);
      setLoggedOut(true);
      setMe(null);
    }
  }, []);

  const value = useMemo<AuthState>(
    () => ({ me, loading, expired, loggedOut, login, logout }),
    [me, loading, expired, loggedOut, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
