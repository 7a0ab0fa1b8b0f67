import { useSearchParams } from 'react-router';

/** The state of a list page kept in the URL: page, page size and filters (so back, reload and links keep it). */
export interface ListParams {
  page: number;
  pageSize: number;
  /** A filter's value, '' when unset. */
  get(key: string): string;
  /** Sets or clears (null/'') values; any change other than the page itself goes back to page 1. */
  update(changes: Record<string, string | number | null>): void;
  /** Props for antd's Table pagination. */
  pagination(total: number): { current: number; pageSize: number; total: number; onChange: (page: number, size: number) => void };
}

/** List state in the URL's query string. */
export function useListParams(defaultPageSize = 20): ListParams {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const pageSize = Math.max(1, Number(params.get('pageSize') ?? String(defaultPageSize)) || defaultPageSize);

  function update(changes: Record<string, string | number | null>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, String(value));
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  }

  return {
    page,
    pageSize,
    get: (key) => params.get(key) ?? '',
    update,
    pagination: (total) => ({
      current: page,
      pageSize,
      total,
      onChange: (nextPage, nextSize) => update({ page: nextSize !== pageSize ? 1 : nextPage, pageSize: nextSize }),
    }),
  };
}
