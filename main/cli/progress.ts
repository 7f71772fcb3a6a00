// A one-line progress bar on stderr for long CLI work (stdout stays clean for results).
export function progressLine(label: string, step: number, total: number, extra = ''): void {
  if (!process.stderr.isTTY && step !== total && step % Math.max(1, Math.round(total / 20)) !== 0) return;
  const width = 30;
  const filled = Math.round((width * step) / Math.max(1, total));
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  const line = `${label} [${bar}] ${step}/${total} ${extra}`;
  process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
  if (step === total && process.stderr.isTTY) process.stderr.write('\n');
}
