// Building blocks of the contract's schemas: backend names and bounded numbers. A bounded number refuses a bad
// value in the words a form shows under the field ("An integer from 1 to 512."), never zod's own text.
import { z } from 'zod';

export const BACKEND_CHOICES = ['auto', 'tfjs-node-gpu', 'webgpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export const BackendChoiceSchema = z.enum(BACKEND_CHOICES);
export type BackendChoice = z.infer<typeof BackendChoiceSchema>;
export type BackendName = Exclude<BackendChoice, 'auto'>;

/** A bound as people write it: 10,000 and 2,147,483,647 with separators, 2048 and 0.5 as they are. */
export const boundText = (n: number): string => (Math.abs(n) >= 10_000 && Number.isInteger(n) ? n.toLocaleString('en-US') : String(n));

/** "from 1 to 512", "above 0 and at most 1", "at least 0": the range of a bounded number. */
export function rangeText(b: { min?: number; max?: number; above?: number }): string {
  if (b.above !== undefined && b.max !== undefined) return `above ${boundText(b.above)} and at most ${boundText(b.max)}`;
  if (b.above !== undefined) return `above ${boundText(b.above)}`;
  if (b.min !== undefined && b.max !== undefined) return `from ${boundText(b.min)} to ${boundText(b.max)}`;
  if (b.min !== undefined) return `at least ${boundText(b.min)}`;
  if (b.max !== undefined) return `at most ${boundText(b.max)}`;
  return '';
}

/** The one message of a bounded number: "An integer from 1 to 512." / "A number above 0 and at most 1." */
export const numberMessage = (integer: boolean, b: { min?: number; max?: number; above?: number }): string =>
  `${integer ? 'An integer' : 'A number'} ${rangeText(b)}`.trim() + '.';

export const int = (min: number, max: number) => {
  const error = numberMessage(true, { min, max });
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
export const real = (min: number, max: number) => {
  const error = numberMessage(false, { min, max });
  return z.number({ error }).min(min, { error }).max(max, { error });
};
export const positive = (max: number) => {
  const error = numberMessage(false, { above: 0, max });
  return z.number({ error }).positive({ error }).max(max, { error });
};
/** A fraction strictly inside (0, 1), or up to 1 with `upTo1`. */
export const fraction = (upTo1 = false) => {
  const error = `A number above 0 and ${upTo1 ? 'at most' : 'below'} 1.`;
  return upTo1 ? z.number({ error }).gt(0, { error }).max(1, { error }) : z.number({ error }).gt(0, { error }).lt(1, { error });
};
