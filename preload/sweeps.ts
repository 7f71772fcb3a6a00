// Sweeps: a grid of runs of one job kind. A sweep spec is a base job (any training kind, preload/jobs/<kind>.ts)
// and axes: values for any field of that kind's schema (`learningRate`, `model.batchSize`, `data.system`), plus the
// `seeds` and `systems` shorthands. `planSweep` expands it into elements (the product of the axes, the last axis
// fastest), checking every value with the kind's own schema, so a sweep can only hold jobs the app would run.
// Shared by main (the CLI, the sweep service) and the renderer (the wizard's "Sweep..." shows the count live).
import { z } from 'zod';
import { BackendChoiceSchema, int } from './schema-basics';
import { describeFields, type FieldValue, type FormField } from './jobs/fields';
import { FlowJobSchema, type FlowJobConfig } from './jobs/flow';
import { HgnJobSchema, type HgnJobConfig } from './jobs/hgn';
import { HnnJobSchema, type HnnJobConfig } from './jobs/hnn';
import { PixelHnnJobSchema, type PixelHnnJobConfig } from './jobs/pixel-hnn';
import { CanonicalJobSchema, type CanonicalJobConfig } from './jobs/canonical';
import { formerNameOf, withCurrentNames } from './jobs/learning-rate';

/** The training kinds (a dataset job or a canonical map of a saved model is not swept). */
export const SWEEP_KINDS = ['hnn', 'flow', 'hgn', 'pixel-hnn', 'canonical'] as const;
export type SweepKind = (typeof SWEEP_KINDS)[number];
export type SweepJobConfig = HnnJobConfig | FlowJobConfig | HgnJobConfig | PixelHnnJobConfig | CanonicalJobConfig;

const SCHEMA_OF: Record<SweepKind, z.ZodObject> = { hnn: HnnJobSchema, flow: FlowJobSchema, hgn: HgnJobSchema, 'pixel-hnn': PixelHnnJobSchema, canonical: CanonicalJobSchema };
/** Where the `seeds` shorthand goes: the seed of the weights (and, for HNN, flows and canonical maps, of their own data). */
export const SEED_PATH: Record<SweepKind, string> = { hnn: 'seed', flow: 'seed', hgn: 'model.seed', 'pixel-hnn': 'model.seed', canonical: 'seed' };
/** Where `systems` goes: the pixel dataset's system, a flow's target density, a canonical map's system; the HNN trains on the spring only. */
export const SYSTEM_PATH: Record<SweepKind, string | null> = { hnn: null, flow: 'density', hgn: 'data.system', 'pixel-hnn': 'data.system', canonical: 'system' };

/** At most this many elements in one sweep (a bigger grid is a mistake more often than a plan). */
export const MAX_SWEEP_ELEMENTS = 4096;
export const MAX_AXES = 8;

const AXIS_PATH = /^[A-Za-z][A-Za-z0-9]{0,63}(\.[A-Za-z][A-Za-z0-9]{0,63})?$/;
export const AxisValueSchema = z.union([z.number().finite(), z.string().max(200), z.boolean(), z.array(z.union([z.number().finite(), z.string().max(200)])).max(64)]);
export type AxisValue = z.infer<typeof AxisValueSchema>;

export const SweepAxisSchema = z.strictObject({
  path: z.string().regex(AXIS_PATH, 'expected a field name such as learningRate or model.batchSize'),
  values: z.array(AxisValueSchema).min(1, 'an axis needs at least one value').max(1000),
});
export type SweepAxis = z.infer<typeof SweepAxisSchema>;

/** Printable, one line: a sweep's name travels into labels, file contents and (as data, never code) Slurm's argv. */
const SweepNameSchema = z.string().trim().min(1, 'a sweep needs a name').max(200).refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'no control characters');

export const SweepSpecSchema = z.strictObject({
  name: SweepNameSchema,
  /** The job every element starts from: complete, or partial (its schema fills the defaults). */
  base: z.looseObject({ kind: z.enum(SWEEP_KINDS) }),
  axes: z.array(SweepAxisSchema).max(MAX_AXES).default([]),
  seeds: z.array(int(0, 2 ** 31 - 1)).min(1).max(1000).optional(),
  systems: z.array(z.string().min(1).max(100)).min(1).max(100).optional(),
  backend: BackendChoiceSchema.default('auto'),
});
export type SweepSpecInput = z.input<typeof SweepSpecSchema>;
export type SweepSpec = z.output<typeof SweepSpecSchema>;

/** Slurm settings of a sweep (sbatch options, how to reach sbatch, what runs on the nodes). All data, never code. */
const SlurmWord = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.,=:+-]{0,127}$/, 'letters, digits and _.,=:+- only');
const AbsolutePosixPath = z.string().min(2).max(4096).regex(/^\//, 'an absolute path').refine((p) => !p.includes('\0'), 'no NUL');
export const SlurmOptionsSchema = z.strictObject({
  /** Submit through `ssh HOST` (the user's own SSH configuration and agent; never a password). */
  ssh: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.@:-]{0,254}$/, 'an SSH destination (host or user@host) as in ~/.ssh/config').optional(),
  /** The sweep folder as the cluster sees it, when it is mounted elsewhere there. */
  remoteDir: AbsolutePosixPath.optional(),
  partition: SlurmWord.optional(),
  account: SlurmWord.optional(),
  qos: SlurmWord.optional(),
  /** Time limit per element: minutes, MM:SS, HH:MM:SS or D-HH:MM:SS. */
  time: z.string().regex(/^(\d{1,3}-)?\d{1,4}(:\d{2}){0,2}$/, 'a Slurm time such as 30, 01:00:00 or 1-00:00:00').optional(),
  cpusPerTask: int(1, 1024).optional(),
  /** Memory per node: 4G, 500M, 2000. */
  mem: z.string().regex(/^\d{1,7}[KMGT]?$/, 'a size such as 4G or 500M').optional(),
  gpus: int(0, 64).optional(),
  /** At most this many elements run at once (the array's %N). */
  maxConcurrent: int(1, 100_000).optional(),
  /** The command that runs this app's CLI on the nodes; `sweep run-element DIR --index I` is appended. */
  command: z.array(z.string().min(1).max(4096).refine((s) => !s.includes('\0'), 'no NUL')).min(1).max(32).optional(),
});
export type SlurmOptions = z.infer<typeof SlurmOptionsSchema>;

/** A sweep file (JSON or YAML): the spec, with the axes also as a map, and optional scheduler settings. */
export const SweepFileSchema = SweepSpecSchema.extend({
  axes: z.union([z.array(SweepAxisSchema), z.record(z.string(), z.array(AxisValueSchema).min(1).max(1000))]).default([]),
  slurm: SlurmOptionsSchema.optional(),
  local: z.strictObject({ parallel: int(1, 256) }).optional(),
});

/** `axes: { learningRate: [..] }` as the list the spec holds (a map keeps its key order). */
export function specFromFile(file: z.output<typeof SweepFileSchema>): { spec: SweepSpec; slurm?: SlurmOptions; local?: { parallel: number } } {
  const { slurm, local, axes, ...rest } = file;
  const list = Array.isArray(axes) ? axes : Object.entries(axes).map(([path, values]) => ({ path, values }));
  const spec = SweepSpecSchema.parse({ ...rest, axes: list });
  return { spec, slurm, local };
}

// ---------- axes: which fields a sweep may vary ----------

type Def = { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType> };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
function objectShape(s: z.ZodType | undefined): Record<string, z.ZodType> | null {
  for (let t = s; t; t = defOf(t).innerType) if (defOf(t).type === 'object') return (t as z.ZodObject).shape as Record<string, z.ZodType>;
  return null;
}

/** A field a sweep can vary: its path in the job and its form description (label, bounds, options). */
export interface AxisField {
  path: string;
  field: FormField;
}

/** Every described field of a kind, nested model and data fields included (what the sweep builder offers). */
export function axisFields(kind: SweepKind): AxisField[] {
  const shape = SCHEMA_OF[kind].shape as Record<string, z.ZodType>;
  const out: AxisField[] = describeFields(shape).map((field) => ({ path: field.key, field }));
  for (const nest of ['model', 'data']) {
    const inner = objectShape(shape[nest]);
    if (inner) out.push(...describeFields(inner).map((field) => ({ path: `${nest}.${field.key}`, field })));
  }
  const sys = SYSTEM_PATH[kind];
  if (sys && !out.some((a) => a.path === sys)) {
    const inner = objectShape(shape.data);
    const system = inner?.system;
    if (system) out.push({ path: sys, field: { key: 'system', kind: 'enum', label: 'System', help: 'The system the pixel dataset shows.', options: (system as z.ZodEnum).options as string[], optional: false } });
  }
  return out;
}

/** Whether `path` names a field of `kind`'s job (top level, or inside `model` / `data`). */
function pathProblem(kind: SweepKind, path: string): string | null {
  const [head, tail] = path.split('.');
  const shape = SCHEMA_OF[kind].shape as Record<string, z.ZodType>;
  if (head === 'kind') return 'the kind is the sweep\'s, not an axis';
  if (!(head in shape)) {
    const now = formerNameOf(head);
    return now && now in shape ? `"${head}" is now called "${now}"` : `"${head}" is not a field of a ${kind} job`;
  }
  const inner = objectShape(shape[head]);
  if (tail === undefined) return inner ? `"${head}" is a group: name one of its fields (${head}.${Object.keys(inner)[0]})` : null;
  if (!inner) return `"${head}" has no fields`;
  return tail in inner ? null : `"${tail}" is not a field of ${head} in a ${kind} job`;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** `base` with `value` at `path` (a dataset's system parameters belong to its system: a new system starts from its defaults). */
function withValue(kind: SweepKind, base: Record<string, unknown>, path: string, value: AxisValue): Record<string, unknown> {
  const out = clone(base);
  const [head, tail] = path.split('.');
  if (tail === undefined) {
    // A system's parameters are its own: another system starts from its defaults.
    if (head === 'system' && out.system !== value) delete out.params;
    out[head] = value;
    return out;
  }
  const shape = SCHEMA_OF[kind].shape as Record<string, z.ZodType>;
  const fromSchema = z.safeParse(shape[head], undefined);
  const nested = (out[head] ?? (fromSchema.success ? fromSchema.data : {})) as Record<string, unknown>;
  if (head === 'data' && tail === 'system' && nested.system !== value) delete nested.params;
  out[head] = { ...nested, [tail]: value };
  return out;
}

/** Short, readable value text for labels ("1e-3", "pendulum", "[16, 32]"). */
export function axisValueText(v: AxisValue): string {
  if (Array.isArray(v)) return `[${v.map((x) => axisValueText(x)).join(', ')}]`;
  if (typeof v === 'number') return v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6) ? v.toExponential() : String(v);
  return String(v);
}

const axisKey = (path: string) => path.split('.').pop()!;

// ---------- the plan ----------

export interface SweepPlanElement {
  index: number;
  label: string;
  /** This element's value on each axis, by path. */
  values: Record<string, AxisValue>;
  config: SweepJobConfig;
}

export interface SweepPlanAxis {
  path: string;
  label: string;
  values: AxisValue[];
}

export interface SweepPlan {
  name: string;
  kind: SweepKind;
  backend: SweepSpec['backend'];
  axes: SweepPlanAxis[];
  elements: SweepPlanElement[];
}

export type SweepPlanResult = { ok: true; plan: SweepPlan } | { ok: false; problems: string[] };

function issuesText(error: z.ZodError, max = 3): string {
  return error.issues.slice(0, max).map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ');
}

/** The axes of a spec, its shorthands resolved (systems, then seeds, after the named axes: seeds vary fastest). */
export function resolvedAxes(spec: SweepSpec): { axes: SweepAxis[]; problems: string[] } {
  const kind = spec.base.kind;
  const axes: SweepAxis[] = [...spec.axes];
  const problems: string[] = [];
  if (spec.systems) {
    const sys = SYSTEM_PATH[kind];
    if (sys) axes.push({ path: sys, values: spec.systems });
    else problems.push(`systems: a ${kind} job has no system to vary (the HNN trains on the ideal mass-spring)`);
  }
  if (spec.seeds) axes.push({ path: SEED_PATH[kind], values: spec.seeds });
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.path)) problems.push(`axis ${a.path} is given twice`);
    seen.add(a.path);
  }
  return { axes, problems };
}

/**
 * Expands a spec: every value of every axis checked with the kind's schema on its own (naming the axis and the
 * value), then every element of the product parsed in full (cross-field rules). Configs come out complete.
 */
export function planSweep(input: SweepSpecInput, maxElements = MAX_SWEEP_ELEMENTS): SweepPlanResult {
  const parsed = SweepSpecSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: [issuesText(parsed.error, 5)] };
  const spec = parsed.data;
  const kind = spec.base.kind;
  const schema = SCHEMA_OF[kind];
  const { axes, problems } = resolvedAxes(spec);
  // A base written with the former learning-rate names (lr, lrSchedule, lrFinalFraction) reads as today's.
  const base = schema.safeParse(withCurrentNames(spec.base));
  if (!base.success) problems.push(`base job: ${issuesText(base.error)}`);
  for (const axis of axes) {
    const bad = pathProblem(kind, axis.path);
    if (bad) {
      problems.push(`axis ${axis.path}: ${bad}`);
      continue;
    }
    if (!base.success) continue;
    axis.values.forEach((value) => {
      const r = schema.safeParse(withValue(kind, base.data as Record<string, unknown>, axis.path, value));
      if (!r.success) problems.push(`axis ${axis.path}, value ${axisValueText(value)}: ${issuesText(r.error, 1)}`);
    });
    const texts = axis.values.map((v) => JSON.stringify(v));
    if (new Set(texts).size !== texts.length) problems.push(`axis ${axis.path}: a value is repeated`);
  }
  const count = axes.reduce((n, a) => n * a.values.length, 1);
  if (count > maxElements) problems.push(`${count} runs: at most ${maxElements} in one sweep`);
  if (problems.length || !base.success) return { ok: false, problems };
  const fields = axisFields(kind);
  const elements: SweepPlanElement[] = [];
  for (let index = 0; index < count; index++) {
    let rest = index;
    const pick: Array<[string, AxisValue]> = [];
    for (let a = axes.length - 1; a >= 0; a--) {
      const n = axes[a].values.length;
      pick.unshift([axes[a].path, axes[a].values[rest % n]]);
      rest = Math.floor(rest / n);
    }
    let job = base.data as Record<string, unknown>;
    for (const [path, value] of pick) job = withValue(kind, job, path, value);
    const r = schema.safeParse(job);
    const text = pick.map(([p, v]) => `${axisKey(p)}=${axisValueText(v)}`).join(' ');
    if (!r.success) {
      problems.push(`run ${index} (${text}): ${issuesText(r.error, 2)}`);
      if (problems.length >= 8) break;
      continue;
    }
    elements.push({ index, label: text ? `${spec.name} · ${text}` : spec.name, values: Object.fromEntries(pick), config: r.data as SweepJobConfig });
  }
  if (problems.length) return { ok: false, problems };
  const labelOf = (path: string) => fields.find((f) => f.path === path)?.field.label ?? path;
  return {
    ok: true,
    plan: { name: spec.name, kind, backend: spec.backend, axes: axes.map((a) => ({ path: a.path, label: labelOf(a.path), values: a.values })), elements },
  };
}

/** How many runs the axes make (without checking them: the builder's live count). */
export const sweepSize = (axes: ReadonlyArray<{ values: readonly unknown[] }>): number => axes.reduce((n, a) => n * a.values.length, 1);

// ---------- what the app shows ----------

/** What a run of a sweep carries (JobInfo.sweep; a project run keeps it as its `sweep` JSON artifact). */
export const SweepTagSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{12}$/),
  name: SweepNameSchema,
  index: int(0, MAX_SWEEP_ELEMENTS - 1),
  size: int(1, MAX_SWEEP_ELEMENTS),
  /** The axes' paths, in order, and their labels. */
  axes: z.array(z.strictObject({ path: z.string().regex(AXIS_PATH), label: z.string().max(200) })).max(MAX_AXES + 2),
  values: z.record(z.string().regex(AXIS_PATH), AxisValueSchema),
});
export type SweepTag = z.infer<typeof SweepTagSchema>;

/** planned: not submitted; pending: queued (Slurm PENDING, or waiting for a local slot); done: completed, run file written. */
export type SweepElementState = 'planned' | 'pending' | 'running' | 'done' | 'failed';

export interface SweepElementInfo {
  index: number;
  label: string;
  values: Record<string, AxisValue>;
  state: SweepElementState;
  /** The job that shows it in the Runs page (a local job, or a collected run), once there is one. */
  jobId: string | null;
  /** Slurm's id of the element (ARRAYID_INDEX), when it was submitted there. */
  schedulerId: string | null;
  /** Why it failed (Slurm's state and reason, the run's error), or what it is waiting for. */
  message: string | null;
  /** The last lines of its log, for a failed element. */
  logTail: string | null;
  result: Record<string, number> | null;
}

export interface SweepInfo {
  id: string;
  name: string;
  kind: SweepKind;
  scheduler: 'local' | 'slurm';
  /** The sweep folder (Slurm sweeps, and local sweeps run from the CLI), on the machine running the app. */
  dir: string | null;
  /** How it reaches Slurm: "sbatch" or "ssh HOST"; for local sweeps, "N at a time". */
  via: string;
  createdAt: number;
  axes: SweepPlanAxis[];
  elements: SweepElementInfo[];
  /** Why the scheduler could not be asked (sbatch missing, ssh refused), or null. */
  problem: string | null;
}

const SweepIdSchema = z.string().regex(/^[0-9a-f]{12}$/, 'expected a sweep id (12 hex digits)');
const Indices = z.array(int(0, MAX_SWEEP_ELEMENTS - 1)).min(1).max(MAX_SWEEP_ELEMENTS).optional();
const FolderPath = z.string().trim().min(1).max(4096).refine((p) => !p.includes('\0'), 'path contains a NUL character');

export const SweepStartSchema = z.strictObject({
  spec: SweepSpecSchema,
  run: z.discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('local'), parallel: int(1, 64) }),
    z.strictObject({ mode: z.literal('slurm'), slurm: SlurmOptionsSchema.default({}), dir: FolderPath.optional() }),
  ]),
});
export type SweepStartRequest = z.input<typeof SweepStartSchema>;

export const sweepRequestSchemas = {
  /** Expands a spec without running it: the count and the elements' labels, or what is wrong. */
  'sweeps:plan': SweepSpecSchema,
  'sweeps:start': SweepStartSchema,
  'sweeps:list': z.union([z.undefined(), z.null()]).transform(() => undefined),
  /** Follows a sweep folder submitted elsewhere (the CLI): its states, its finished runs brought into the app. */
  'sweeps:attach': z.strictObject({ dir: FolderPath }),
  'sweeps:cancel': z.strictObject({ sweepId: SweepIdSchema, indices: Indices }),
  /** Runs the failed elements again (or the ones named). */
  'sweeps:resubmit': z.strictObject({ sweepId: SweepIdSchema, indices: Indices }),
} as const;

export interface SweepResponses {
  'sweeps:plan': { count: number; labels: string[]; problems: string[] };
  'sweeps:start': SweepInfo;
  'sweeps:list': SweepInfo[];
  'sweeps:attach': SweepInfo;
  'sweeps:cancel': SweepInfo;
  'sweeps:resubmit': SweepInfo;
}
