// Icon container formats in pure JS: PNG (via pngjs), Windows .ico and Apple .icns with PNG payloads, plus
// small readers used by the tests to check what the installers will get.
import { PNG } from 'pngjs';
import type { Image } from './draw';

export function encodePng(img: Image): Buffer {
  const png = new PNG({ width: img.size, height: img.size });
  png.data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  return PNG.sync.write(png, { colorType: 6, deflateLevel: 9 });
}

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 24 || b.readUInt32BE(0) !== 0x89504e47 || b.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/**
 * A .ico holding each image as an embedded PNG (valid since Windows Vista; electron-builder and NSIS accept
 * it). Sizes above 256 are not representable in the directory and are refused.
 */
export function encodeIco(pngs: ReadonlyArray<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, png }, k) => {
    if (size > 256) throw new Error(`.ico entries are at most 256 px (got ${size})`);
    const e = 6 + 16 * k;
    header.writeUInt8(size === 256 ? 0 : size, e); // 0 means 256
    header.writeUInt8(size === 256 ? 0 : size, e + 1);
    header.writeUInt8(0, e + 2); // palette size
    header.writeUInt8(0, e + 3);
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map((p) => p.png)]);
}

export function readIco(bytes: Buffer): Array<{ size: number; pngSize: number }> {
  if (bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) throw new Error('not an .ico file');
  const n = bytes.readUInt16LE(4);
  return Array.from({ length: n }, (_, k) => {
    const e = 6 + 16 * k;
    const size = bytes.readUInt8(e) || 256;
    const [len, off] = [bytes.readUInt32LE(e + 8), bytes.readUInt32LE(e + 12)];
    const { width, height } = pngSize(bytes.subarray(off, off + len));
    if (width !== size || height !== size) throw new Error(`.ico entry ${k} says ${size} px but holds ${width}x${height}`);
    return { size, pngSize: width };
  });
}

/** The .icns element types that carry PNG data, by pixel size (the @2x types share a size with a 1x one). */
export const ICNS_TYPES: ReadonlyArray<{ type: string; pixels: number }> = [
  { type: 'icp4', pixels: 16 },
  { type: 'icp5', pixels: 32 },
  { type: 'ic11', pixels: 32 }, // 16@2x
  { type: 'icp6', pixels: 64 },
  { type: 'ic12', pixels: 64 }, // 32@2x
  { type: 'ic07', pixels: 128 },
  { type: 'ic08', pixels: 256 },
  { type: 'ic13', pixels: 256 }, // 128@2x
  { type: 'ic09', pixels: 512 },
  { type: 'ic14', pixels: 512 }, // 256@2x
  { type: 'ic10', pixels: 1024 }, // 512@2x
];

/** An Apple icon file: 'icns' + total length, then (type, length, PNG) elements. */
export function encodeIcns(pngBySize: ReadonlyMap<number, Buffer>): Buffer {
  const parts: Buffer[] = [];
  for (const { type, pixels } of ICNS_TYPES) {
    const png = pngBySize.get(pixels);
    if (!png) continue;
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    parts.push(head, png);
  }
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

export function readIcns(bytes: Buffer): Array<{ type: string; pixels: number }> {
  if (bytes.toString('latin1', 0, 4) !== 'icns' || bytes.readUInt32BE(4) !== bytes.length) throw new Error('not an .icns file');
  const out: Array<{ type: string; pixels: number }> = [];
  for (let off = 8; off < bytes.length; ) {
    const type = bytes.toString('latin1', off, off + 4);
    const len = bytes.readUInt32BE(off + 4);
    if (len < 8 || off + len > bytes.length) throw new Error(`.icns element ${type} overruns the file`);
    const { width, height } = pngSize(bytes.subarray(off + 8, off + len));
    if (width !== height) throw new Error(`.icns element ${type} is not square`);
    out.push({ type, pixels: width });
    off += len;
  }
  return out;
}
