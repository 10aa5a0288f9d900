/**
 * The page's side of adding and removing reports: the admin token, kept for the browser tab alone
 * (sessionStorage), and the requests that need it.
 */

const TOKEN_KEY = 'zbwd.adminToken';

export type RegionLevel = 'province' | 'city' | 'county';

/** A report as the server read it from a file, or as it was added. */
export interface DetectedReport {
  id: string;
  title: string;
  region: string;
  level: RegionLevel;
  year: number;
  kind: 'report' | 'document';
}

/** What may be confirmed or corrected before a file is added: written beside it as its `FILE.meta.json`. */
export interface ReportCorrections {
  title: string;
  region: string;
  year: number;
  kind: 'report' | 'document';
}

export interface HeldUpload {
  upload: string;
  name: string;
  reports: DetectedReport[];
}

/** Why the server refused, in its words: its code and message. */
export class AdminError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function storedToken(): string | undefined {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Nothing kept to forget.
  }
}

async function call<T>(method: string, path: string, token: string, body?: BodyInit, json = false): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (json) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, ...(body === undefined ? {} : { body }) });
  } catch {
    throw new AdminError('connection', 'the server could not be reached');
  }
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => ({}))) as T & { error?: { code: string; message: string } };
  if (!response.ok) throw new AdminError(data.error?.code ?? String(response.status), data.error?.message ?? `HTTP ${response.status}`);
  return data;
}

/** Keeps the token for this tab once the server takes it; refused with `unauthorized` otherwise. */
export async function signIn(token: string): Promise<void> {
  await call('GET', '/api/uploads', token);
  try {
    sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Not kept: asked again on the next visit.
  }
}

/** Sends one file to be read and checked: nothing is added until it is confirmed. */
export async function uploadFile(file: File, token: string): Promise<HeldUpload> {
  const form = new FormData();
  form.append('file', file, file.name);
  const held = await call<{ uploads: HeldUpload[] }>('POST', '/api/uploads', token, form);
  const first = held.uploads[0];
  if (!first) throw new AdminError('unreadable-file', `${file.name} was not read`);
  return first;
}

export function confirmUpload(upload: string, corrections: ReportCorrections, token: string): Promise<{ reports: DetectedReport[] }> {
  return call('POST', `/api/uploads/${encodeURIComponent(upload)}`, token, JSON.stringify(corrections), true);
}

export function cancelUpload(upload: string, token: string): Promise<void> {
  return call('DELETE', `/api/uploads/${encodeURIComponent(upload)}`, token);
}

export function removeReport(id: string, token: string): Promise<{ change: string }> {
  return call('DELETE', `/api/reports/${encodeURIComponent(id)}`, token);
}
