// CSV point files as a user may bring them (delimiters, headers, comments, blank lines, line endings, BOMs,
// number spellings), half of them then damaged (characters inserted or dropped, fields junked, lines cut, NULs,
// huge numbers, stray columns). Each goes through what a flow job does with it: parse, standardise, split. A file
// either gives exactly its rows back (nothing lost: every data line becomes a point, every value the one written)
// or is refused with a CsvError a person can act on; nothing else may happen.
import { CsvError, parsePointsCsv, standardizePoints } from '../../../main/core/densities';
import { CSV_LIMITS } from '../../../main/core/densities/csv';
import { splitPointSet } from '../../../main/core/models/flows/data';
import { caseRng, chance, int, pick, randomText, size, type Rng } from '../gen';
import { Tally, unclearMessage, type FuzzOptions, type FuzzReport } from '../report';

interface CsvCase {
  text: string;
  /** The values written, row by row, when the text was not damaged afterwards. */
  rows: number[][] | null;
}

function spell(rng: Rng, v: number): string {
  switch (int(rng, 6)) {
    case 0:
      return String(Math.round(v));
    case 1:
      return v.toExponential(int(rng, 8));
    case 2:
      return (v >= 0 && chance(rng, 0.5) ? '+' : '') + v.toFixed(int(rng, 10));
    default:
      return String(v);
  }
}

export function csvCase(rng: Rng): CsvCase {
  const dim = chance(rng, 0.95) ? 1 + int(rng, 4) : 1 + int(rng, 20);
  const count = size(rng, 400);
  const delimiter = pick(rng, [',', ', ', ';', ' ', '\t', '  ']);
  const newline = pick(rng, ['\n', '\r\n', '\r']);
  const scale = 10 ** (int(rng, 20) - 10);
  // Each value as written in the file (its spelling may round it), and what it should read back as.
  const written = Array.from({ length: count }, () => Array.from({ length: dim }, () => spell(rng, Number(((rng() - 0.5) * scale).toPrecision(1 + int(rng, 9))))));
  const lines: string[] = [];
  if (chance(rng, 0.2)) lines.push(`# ${randomText(rng, size(rng, 60))}`);
  if (chance(rng, 0.4)) lines.push(Array.from({ length: dim }, (_, j) => pick(rng, ['x', 'y', 'q', 'p', 'col']) + j).join(delimiter.trim() || ' '));
  for (const row of written) {
    if (chance(rng, 0.03)) lines.push(chance(rng, 0.5) ? '' : `# ${randomText(rng, 10)}`);
    lines.push((chance(rng, 0.1) ? ' ' : '') + row.join(delimiter) + (chance(rng, 0.05) ? ' ' : ''));
  }
  let text = (chance(rng, 0.1) ? '\ufeff' : '') + lines.join(newline) + (chance(rng, 0.5) ? newline : '');
  if (chance(rng, 0.5)) return { text, rows: written.map((r) => r.map((v) => Math.fround(Number(v)))) };
  for (let k = 0, n = 1 + int(rng, 3); k < n; k++) text = damage(rng, text);
  return { text, rows: null };
}

const JUNK = ['NaN', 'Infinity', '-Infinity', '0x1F', '1e400', '-1e39', '--1', '1.2.3', '', '1,5', '١٢', '\u0000', '∞', 'e5', '.', '+', '1e', '3e38', '-3.4e38', '"1"', 'null', '1_000'];

function damage(rng: Rng, text: string): string {
  const at = int(rng, text.length + 1);
  switch (int(rng, 7)) {
    case 0:
      return text.slice(0, at) + randomText(rng, 1 + size(rng, 10)) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + size(rng, 20));
    case 2:
      return text.slice(0, at) + pick(rng, JUNK) + text.slice(at);
    case 3:
      return text.slice(0, at);
    case 4:
      return text.slice(0, at) + pick(rng, [',', ';', '\t', '\n', '\r', ',,', '\u0000']) + text.slice(at);
    case 5:
      return text.slice(0, at) + '9'.repeat(size(rng, 400)) + text.slice(at);
    default:
      return text + '\n' + Array.from({ length: 1 + int(rng, 30) }, () => pick(rng, JUNK)).join(pick(rng, [',', ' ']));
  }
}

/** Why the parse of `c` went wrong, or null. */
function problem(c: CsvCase, seed: number): string | null {
  let set: ReturnType<typeof parsePointsCsv>;
  try {
    set = parsePointsCsv(c.text);
  } catch (e) {
    if (!(e instanceof CsvError)) return `threw ${(e as Error)?.name}: ${(e as Error)?.message}`;
    // Beyond 16 columns is a documented limit: a refusal then is right.
    if (c.rows && c.rows.length >= 2 && c.rows[0].length <= CSV_LIMITS.maxDim) return `a valid file was refused: ${e.message}`;
    return unclearMessage(e.message);
  }
  const { points, dim, count } = set;
  if (!(dim >= 1 && dim <= 16 && count >= 2 && points.length === dim * count)) return `a malformed set: dim ${dim}, count ${count}, ${points.length} values`;
  if (points.some((v) => !Number.isFinite(v))) return 'a non-finite value was accepted';
  if (c.rows) {
    if (count !== c.rows.length || dim !== c.rows[0].length) return `${count} x ${dim} points read from ${c.rows.length} x ${c.rows[0]?.length} written`;
    const flat = c.rows.flat();
    const i = flat.findIndex((v, k) => v !== points[k]);
    if (i >= 0) return `value ${i} read as ${points[i]}, written ${flat[i]}`;
  }
  const std = standardizePoints(set);
  if (!Number.isFinite(std.scale) || !(std.scale > 0) || std.points.some((v) => !Number.isFinite(v))) return `standardising gave scale ${std.scale}`;
  const split = splitPointSet(std.points, dim, 0.2, seed);
  if ((split.train?.length ?? 0) + split.test.length !== points.length) return 'the train/test split lost points';
  return null;
}

export async function fuzzCsv({ cases, seed }: FuzzOptions): Promise<FuzzReport> {
  const tally = new Tally('csv');
  for (let i = 0; i < cases; i++) {
    const c = csvCase(caseRng(seed, i));
    const why = problem(c, seed);
    if (why) tally.crashed(`csv case ${i} (seed ${seed}) ${JSON.stringify(c.text.slice(0, 120))}: ${why}`);
    else {
      let outcome = 'parsed';
      try {
        parsePointsCsv(c.text);
      } catch {
        outcome = 'refused';
      }
      tally.ran(outcome);
    }
  }
  return tally.done();
}
