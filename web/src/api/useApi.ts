import { useEffect, useState } from 'react';
import { apiGet, withQuery, type Query } from './client.ts';

/** The state of a GET request that reloads whenever its path or query changes. */
export interface ApiState<T> {
  data: T | null;
  loading: boolean;
  error: unknown;
}

/** GETs `path` with `query` (null path: no request) and re-fetches when either changes; stale answers are dropped. */
export function useApiGet<T>(path: string | null, query?: Query): ApiState<T> {
  const key = path === null ? null : withQuery(path, query);
  const [state, setState] = useState<ApiState<T>>({ data: null, loading: key !== null, error: null });

  useEffect(() => {
    if (key === null) return;
    let alive = true;
    setState((previous) => ({ data: previous.data, loading: true, error: null }));
    apiGet<T>(key)
      .then((data) => alive && setState({ data, loading: false, error: null }))
      .catch((error: unknown) => alive && setState({ data: null, loading: false, error }));
    return () => {
      alive = false;
    };
  }, [key]);

  return state;
}
