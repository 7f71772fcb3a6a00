// Saving a project: a zip stream (yazl) with the JSON parts deflated and the blobs streamed from the tensors'
// own memory (views, no copies), then written atomically with a backup of the previous file.
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { writeAtomic, type AtomicWriteOptions } from './atomic';
import { encodeProject, type EncodedProject } from './encode';
import type { Project } from './project';
import { littleEndianBytes, type Tensor } from './tensors';

export interface WriteOptions {
  appVersion: string;
  /** The modification date written into the manifest (default: now). */
  now?: Date;
  /**
   * Which blobs to deflate. Floats barely compress and cost time, so by default nothing is: the file is then about
   * as large as the project is in memory. 'uint8' suits embedded image data.
   */
  compress?: 'none' | 'uint8' | 'all';
}

export interface WriteResult {
  manifest: EncodedProject['manifest'];
  bytes: number;
}

const CHUNK = 1 << 20;

/** A readable over a byte view in 1 MiB slices, without copying. */
function viewStream(bytes: Uint8Array): Readable {
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= bytes.length) {
        this.push(null);
        return;
      }
      const end = Math.min(bytes.length, offset + CHUNK);
      this.push(Buffer.from(bytes.buffer, bytes.byteOffset + offset, end - offset));
      offset = end;
    },
  });
}

function shouldCompress(t: Tensor, mode: WriteOptions['compress']): boolean {
  return mode === 'all' || (mode === 'uint8' && t.dtype === 'uint8');
}

/** The project as a stream of zip bytes. Validates first: nothing is written that could not be read back. */
export function projectZipStream(project: Project, opts: WriteOptions): { stream: Readable; manifest: EncodedProject['manifest'] } {
  project.validate();
  const mtime = opts.now ?? new Date();
  const encoded = encodeProject(project, { appVersion: opts.appVersion, modifiedAt: mtime });
  const zip = new yazl.ZipFile();
  for (const [name, value] of encoded.json) zip.addBuffer(Buffer.from(JSON.stringify(value)), name, { mtime, compress: true });
  for (const { path, tensor } of encoded.blobs) {
    const bytes = littleEndianBytes(tensor);
    zip.addReadStreamLazy(path, { mtime, compress: shouldCompress(tensor, opts.compress), size: bytes.byteLength }, (cb) => cb(null, viewStream(bytes)));
  }
  zip.end();
  const out = zip.outputStream as Readable;
  zip.on('error', (err: Error) => out.destroy(err));
  return { stream: out, manifest: encoded.manifest };
}

/** The whole file in memory (tests, small projects, sending over a wire). */
export async function projectToBuffer(project: Project, opts: WriteOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of projectZipStream(project, opts).stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface SaveFileOptions extends WriteOptions, AtomicWriteOptions {}

/**
 * Writes the project to `file` atomically: temp file in the same folder, fsync, rename, fsync the folder. With
 * `backup` (default true) the previous file, if it still opens as a project, becomes `file.bak` first.
 */
export async function writeProjectFile(project: Project, file: string, opts: SaveFileOptions): Promise<WriteResult> {
  const { stream, manifest } = projectZipStream(project, opts);
  const bytes = await writeAtomic(file, stream, opts);
  return { manifest, bytes };
}
