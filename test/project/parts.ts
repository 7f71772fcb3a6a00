// A project as editable parts (JSON values and blob bytes by entry name), and back to a zip: for building
// files that are valid except for one deliberate fault.
import { encodeProject } from '../../main/project/encode';
import { littleEndianBytes, type Project } from '../../main/project';
import { craftZip, json, type CraftEntry } from './zip-craft';

export interface Parts {
  json: Map<string, unknown>;
  blobs: Map<string, Buffer>;
}

export function partsOf(p: Project): Parts {
  const enc = encodeProject(p, { appVersion: '0.1.0', modifiedAt: new Date('2026-03-02T00:00:00Z') });
  return {
    json: new Map(enc.json.map(([name, v]) => [name, structuredClone(v)])),
    blobs: new Map(enc.blobs.map(({ path, tensor }) => [path, Buffer.from(littleEndianBytes(tensor))])),
  };
}

export function zipParts(parts: Parts, extra: CraftEntry[] = []): Buffer {
  const entries: CraftEntry[] = [
    ...[...parts.json].map(([name, v]) => ({ name, data: json(v) })),
    ...[...parts.blobs].map(([name, data]) => ({ name, data, method: 0 })),
    ...extra,
  ];
  return craftZip(entries);
}
