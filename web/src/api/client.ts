/** A field that failed validation, as the API reports it. */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

/** An error answer of the API: its HTTP status, stable code and message. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: { errors?: FieldProblem[] } & Record<string, unknown>;

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details ?? {};
  }
}

/** Query parameters; empty strings, null and undefined are left out of the URL. */
export type Query = Record<string, string | number | null | undefined>;

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();

/** Calls `listener` whenever a request answers 401 (session missing or expired); returns an unsubscribe. */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** The path with its query string, leaving out empty values. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...init.headers, 'content-type': 'application/json' };
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (a proxy's error page, say): the status alone describes the failure.
  }
  if (!response.ok) {
    const problem = (data ?? {}) as { code?: string; message?: string; details?: Record<string, unknown> };
    const error = new ApiError(
      response.status,
      problem.code ?? `http.${response.status}`,
      problem.message ?? response.statusText,
      problem.details,
    );
    const isLogin = path.startsWith('/api/auth/login');
    if (response.status === 401 && !isLogin) unauthenticatedListeners.forEach((l) => l());
    throw error;
  }
  return data as T;
}

/** GET a JSON resource of the API. */
export function apiGet<T>(path: string, query?: Query): Promise<T> {
  return request<T>('GET', withQuery(path, query));
}

/** POST a JSON body to the API and read the JSON answer (undefined for 204). */
export function apiPost<T>(path: string, body?: unknown): Promise<T> {
  return request<T>('POST', path, body);
}

/** PUT a JSON body to the API and read the JSON answer. */
export function apiPut<T>(path: string, body?: unknown): Promise<T> {
  return request<T>('PUT', path, body);
}
