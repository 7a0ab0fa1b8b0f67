import { createContext, useContext } from 'react';
import type { Me } from '../api/types.ts';

/** What the session context offers: the user (null when signed out) and the actions. */
export interface AuthState {
  me: Me | null;
  /** True until the first GET /api/auth/me has answered. */
  loading: boolean;
  /** True when the last request found the session gone (idle timeout, logout elsewhere). */
  expired: boolean;
  /** True after an explicit logout: the next login starts at the user's home, not the last page. */
  loggedOut: boolean;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
}

/** The session context; provided by AuthProvider. */
export const AuthContext = createContext<AuthState | null>(null);

/** The session: the signed-in user and login/logout. */
export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth must be used inside <AuthProvider>');
  return state;
}

/** The signed-in user; only for pages behind RequireAuth. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe must be used behind <RequireAuth>');
  return me;
}
