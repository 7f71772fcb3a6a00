// Numbers typed as text: what counts as a complete number, what is still being typed ("-", "1.", "1.5e", "1.5e-"),
// and how a value is written back. Pure (tested in test/renderer/number-text.test.ts).

const COMPLETE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const PARTIAL = /^[+-]?(\d*\.?\d*)([eE][+-]?)?$/;

/** The number the text reads as, or NaN (empty, half-typed, or not a number: "0x10" and "Infinity" are not). */
export function parseNumber(text: string): number {
  const t = text.trim();
  return COMPLETE.test(t) ? Number(t) : NaN;
}

/** Whether the text may still become a number as the user goes on typing (empty, a sign, "1.5e"...). */
export function isPartialNumber(text: string): boolean {
  const t = text.trim();
  return !COMPLETE.test(t) && PARTIAL.test(t);
}

/** How a value is written in a box: 1.5e-4 rather than 0.00015 (as the papers print it); NaN as nothing. */
export function formatNumber(value: number | undefined | null): string {
  if (value === undefined || value === null || Number.isNaN(value)) return '';
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential();
  return String(value);
}

/** Same number (NaN equals NaN: an unfinished box and an empty value agree). */
export const sameNumber = (a: number | undefined, b: number | undefined): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));
