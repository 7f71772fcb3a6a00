// The JSON entries of an archive, parsed, handed out one schema-checked part at a time. Parts nobody asks for are
// unexpected entries: a project holds nothing its reader does not understand.
import type { z } from 'zod';
import { ProjectError, quoteName } from '../errors';

export function describeIssues(error: z.ZodError, max = 3): string {
  const shown = error.issues.slice(0, max).map((i) => {
    const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    return `${path || '(top level)'}: ${plainMessage(i.message)}`;
  });
  const more = error.issues.length > max ? ` (and ${error.issues.length - max} more problems)` : '';
  return shown.join('; ') + more;
}

/** zod's wording, made plainer: "missing" rather than "received undefined". */
function plainMessage(message: string): string {
  return message
    .replace(/^Invalid input: expected (\w+), received undefined$/, 'missing (expected $1)')
    .replace(/^Invalid input: expected (\w+), received (\w+)$/, 'expected $1, got $2')
    .replace(/^Invalid option: /, '');
}

export class JsonParts {
  private readonly taken = new Set<string>();

  constructor(private readonly parts: ReadonlyMap<string, unknown>) {}

  has(name: string): boolean {
    return this.parts.has(name);
  }

  names(): string[] {
    return [...this.parts.keys()];
  }

  /** The part `name` checked against `schema`; 'missing-part' if absent, 'schema' if of the wrong shape. */
  take<S extends z.ZodType>(name: string, schema: S, neededBy = 'the manifest'): z.output<S> {
    if (!this.parts.has(name)) throw new ProjectError('missing-part', `${name} is missing (${neededBy} refers to it)`);
    this.taken.add(name);
    return parsePart(name, schema, this.parts.get(name));
  }

  /** Throws 'unexpected-entry' for the first JSON part no one took. */
  assertAllTaken(): void {
    for (const name of this.parts.keys()) {
      if (!this.taken.has(name)) throw new ProjectError('unexpected-entry', `${quoteName(name)} is not part of this project (nothing refers to it)`);
    }
  }
}

export function parsePart<S extends z.ZodType>(name: string, schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ProjectError('schema', `${name}: ${describeIssues(result.error)}`);
  return result.data;
}
