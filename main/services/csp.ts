// The renderer page's Content-Security-Policy: browser mode sends it as a header, the Electron window's session
// adds it to every response (and renderer/index.html carries it as a meta tag, less frame-ancestors).
/** Also a meta tag in renderer/index.html, less frame-ancestors (test/electron/ipc-origin.test.ts keeps them equal). */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
