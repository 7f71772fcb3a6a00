// `npm run icons`: regenerates every icon the installers use from draw.ts (deterministic output).
//   png/NxN.png            app icon, 16..1024 px (Linux icon set; electron-builder picks sizes from it)
//   icon.png               512 px app icon (the window icon at run time, via extraResources)
//   icon.ico, icon.icns    Windows (16..256) and macOS (16..1024) app icons
//   hsproj.ico/.icns, hsproj.png   the .hsproj document icon
import fs from 'node:fs';
import path from 'node:path';
import { drawAppIcon, drawDocumentIcon, type Image } from './draw';
import { encodeIcns, encodeIco, encodePng } from './formats';

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
const ICNS_SIZES = [16, 32, 64, 128, 256, 512, 1024] as const;

function renderAll(draw: (size: number) => Image, sizes: readonly number[]): Map<number, Buffer> {
  return new Map(sizes.map((s) => [s, encodePng(draw(s))]));
}

export function writeIcons(dir: string): string[] {
  const written: string[] = [];
  const put = (rel: string, bytes: Buffer) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    written.push(rel);
  };
  const app = renderAll(drawAppIcon, PNG_SIZES);
  for (const [s, png] of app) put(`png/${s}x${s}.png`, png);
  put('icon.png', app.get(512)!);
  put('icon.ico', encodeIco(ICO_SIZES.map((size) => ({ size, png: app.get(size)! }))));
  put('icon.icns', encodeIcns(new Map(ICNS_SIZES.map((s) => [s, app.get(s)!]))));
  const doc = renderAll(drawDocumentIcon, [...new Set<number>([...ICO_SIZES, ...ICNS_SIZES])]);
  put('hsproj.png', doc.get(256)!);
  put('hsproj.ico', encodeIco(ICO_SIZES.map((size) => ({ size, png: doc.get(size)! }))));
  put('hsproj.icns', encodeIcns(new Map(ICNS_SIZES.map((s) => [s, doc.get(s)!]))));
  return written;
}

if (require.main === module) {
  const files = writeIcons(__dirname);
  console.log(`wrote ${files.length} files to ${path.relative(process.cwd(), __dirname) || '.'}: ${files.join(', ')}`);
}
