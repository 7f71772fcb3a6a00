// What a fuzz run reports per surface: how many cases ran, how many crashed (the process died or hung, an input
// got no answer or an unclear one, or something was lost), a few examples of each crash, and a tally of outcomes.
export const SURFACES = ['http', 'ws', 'contract', 'project', 'csv'] as const;
export type Surface = (typeof SURFACES)[number];

export interface FuzzOptions {
  cases: number;
  seed: number;
}

export interface FuzzReport {
  surface: Surface;
  cases: number;
  crashes: number;
  /** The first crashes, described. */
  examples: string[];
  /** Outcome -> count (e.g. "400", "ContractError", "zip-bomb"). */
  outcomes: Record<string, number>;
}

export class Tally {
  private readonly report: FuzzReport;

  constructor(surface: Surface) {
    this.report = { surface, cases: 0, crashes: 0, examples: [], outcomes: {} };
  }

  ran(outcome: string): void {
    this.report.cases++;
    this.report.outcomes[outcome] = (this.report.outcomes[outcome] ?? 0) + 1;
  }

  crashed(what: string): void {
    this.report.cases++;
    this.report.crashes++;
    if (this.report.examples.length < 10) this.report.examples.push(what.slice(0, 2000));
  }

  get crashes(): number {
    return this.report.crashes;
  }

  done(): FuzzReport {
    return { ...this.report, outcomes: { ...this.report.outcomes } };
  }
}

/** A message a person can act on: not empty, not a dump, no "undefined" or "[object Object]", no stack trace. */
export function unclearMessage(message: unknown): string | null {
  if (typeof message !== 'string' || message.trim().length < 8) return `empty or missing message: ${String(message)}`;
  if (message.length > 4000) return `a ${message.length}-character message`;
  if (/undefined|\[object Object\]|\n\s+at /.test(message)) return `unclear message: ${message.slice(0, 300)}`;
  return null;
}

/** Rejects after `ms` with a hang report; the watchdog of every case (a hang is a crash, however long it takes). */
export function withWatchdog<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const watchdog = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${what} got no answer in ${ms} ms`)), ms);
  });
  return Promise.race([p, watchdog]).finally(() => clearTimeout(timer));
}
