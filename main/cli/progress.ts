// Progress of long CLI work on stderr (stdout stays clean for results): on a terminal one line rewritten in place;
// redirected (a log file, a cluster job), a line at each twentieth of the work and at least every few seconds, so
// a log never goes quiet for long; and while a long phase with no steps runs (a final evaluation), a line saying
// so every few seconds.

/** Seconds between lines at most, when stderr is not a terminal. */
export const QUIET_SECONDS = 5;

const lastLine = new Map<string, number>();

/** A one-line progress bar for `label`; `now` (ms) is for tests. */
export function progressLine(label: string, step: number, total: number, extra = '', now = Date.now()): void {
  const tty = process.stderr.isTTY === true;
  const mark = step === total || step % Math.max(1, Math.round(total / 20)) === 0;
  const last = lastLine.get(label);
  if (!tty && !mark && last !== undefined && now - last < QUIET_SECONDS * 1000) return;
  lastLine.set(label, now);
  const width = 30;
  const filled = Math.max(0, Math.min(width, Math.round((width * step) / Math.max(1, total))));
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  const line = `${label} [${bar}] ${step}/${total} ${extra}`;
  process.stderr.write(tty ? `\r${line}` : `${line}\n`);
  if (step === total && tty) process.stderr.write('\n');
}

/**
 * Says every `seconds` that `message` is still going on (e.g. "evaluating on 200 test sequences"), until the
 * returned function is called; the first line at once.
 */
export function phaseLine(label: string, message: string, seconds = QUIET_SECONDS): () => void {
  const started = Date.now();
  const tty = process.stderr.isTTY === true;
  const say = () => {
    const line = `${label}: ${message} (${Math.round((Date.now() - started) / 1000)} s)`;
    process.stderr.write(tty ? `\r${line}   ` : `${line}\n`);
  };
  say();
  const timer = setInterval(say, seconds * 1000);
  timer.unref?.();
  return () => {
    clearInterval(timer);
    if (tty) process.stderr.write('\n');
  };
}
