// Serves the built renderer (out/renderer) with a strict Content-Security-Policy; nothing outside that folder.
// Any request, however malformed (bad percent-encoding, odd methods), gets an answer: none may stop the server.
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CSP } from '../services/csp';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

// The page's policy is the app's, shared with the Electron window (services/csp.ts).
export { CSP };

export function findRendererDir(): string {
  // Built: out/main[/chunks]/ -> out/renderer. From source: main/browser-mode/ -> out/renderer.
  const candidates = ['../renderer', '../../renderer', '../../out/renderer'].map((p) => path.resolve(__dirname, p));
  const dir = candidates.find((d) => fs.existsSync(path.join(d, 'index.html')));
  if (!dir) throw new Error('The renderer is not built: run `npm run build` first.');
  return dir;
}

/** The file a request path names inside `root`, 'bad' for a path that is not a valid URL, 'outside' for one that escapes. */
export function resolveRequestPath(root: string, url: string | undefined): string | 'bad' | 'outside' {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url ?? '/', 'http://x').pathname);
  } catch {
    return 'bad';
  }
  if (pathname.includes('\0')) return 'bad';
  const file = path.resolve(root, pathname === '/' ? 'index.html' : pathname.slice(1));
  return file.startsWith(root + path.sep) ? file : 'outside';
}

/** The file's stat, or null when it cannot be one (missing, name too long, a folder in the way, no access). */
function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}

function refuse(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(text);
}

/** Never throws: a request that cannot be served gets a 4xx/5xx answer, and the server goes on. */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
    const file = resolveRequestPath(root, req.url);
    if (file === 'bad') return refuse(res, 400, 'Bad request: the path is not a valid URL');
    if (file === 'outside') return refuse(res, 403, 'Forbidden');
    const stat = statOrNull(file);
    if (!stat?.isFile()) return refuse(res, 404, 'Not found');
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': String(stat.size),
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') return void res.end();
    const stream = fs.createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  } catch {
    if (!res.headersSent) refuse(res, 500, 'Internal error');
    else res.destroy();
  }
}
