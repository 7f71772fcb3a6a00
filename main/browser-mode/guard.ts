// Who may drive a browser-mode server: only a page we served, holding this launch's token. Another local web
// page (wrong Origin), another local user (no token) or a DNS-rebinding site (wrong Host) is refused.
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return crypto.randomBytes(24).toString('hex');
}

export function allowedHosts(host: string, port: number): string[] {
  const names = new Set([host, '127.0.0.1', 'localhost']);
  return [...names].map((h) => `${h}:${port}`);
}

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const [a, b] = [Buffer.from(given), Buffer.from(token)];
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** null when the upgrade may proceed; otherwise the HTTP status and reason to refuse it with. */
export function checkUpgrade(req: IncomingMessage, token: string, hosts: string[]): { status: number; reason: string } | null {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://x');
  } catch {
    return { status: 400, reason: 'Bad Request' };
  }
  if (url.pathname !== '/ws') return { status: 404, reason: 'Not Found' };
  if (!hosts.includes(req.headers.host ?? '')) return { status: 403, reason: 'Forbidden host' };
  const origin = req.headers.origin;
  if (!origin || !hosts.some((h) => origin === `http://${h}`)) return { status: 403, reason: 'Forbidden origin' };
  if (!sameToken(url.searchParams.get('token'), token)) return { status: 401, reason: 'Missing or wrong token' };
  return null;
}
