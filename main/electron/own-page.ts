// Which frame may call the contract over IPC: the top frame showing the app's own page, the built index.html
// (or, in development, the dev server's origin). Another file:// page, a frame inside the page, or a web page is
// refused. Electron-free, so it is tested in Node.
import { pathToFileURL } from 'node:url';

export interface OwnPage {
  /** The renderer's index.html on disk. */
  file: string;
  /** The dev server (ELECTRON_RENDERER_URL) when the window loads from it. */
  devUrl?: string;
}

/** The part of Electron's WebFrameMain this check reads. */
export interface SenderFrame {
  url: string;
  /** null for a window's top frame. */
  parent: unknown;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

export function isOwnPage(frame: SenderFrame | null | undefined, page: OwnPage): boolean {
  if (!frame || frame.parent !== null) return false;
  const url = parse(frame.url);
  if (!url) return false;
  if (page.devUrl) {
    const dev = parse(page.devUrl);
    if (dev && url.origin === dev.origin && url.protocol !== 'file:') return true;
  }
  // The page's own routes live in the hash; the file itself must be exactly the app's index.html.
  url.hash = '';
  url.search = '';
  return url.protocol === 'file:' && url.href === pathToFileURL(page.file).href;
}
