// Option parsers shared by CLI commands: a bad value stops with a usage message, never a stack trace.
import { InvalidArgumentError, Option } from 'commander';
import { BACKEND_CHOICES } from '../../preload/contract';

export function intArg(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected an integer in [${min}, ${max}].`);
    return n;
  };
}

export function positiveArg(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number.');
  return n;
}

/** Any finite number (negative allowed: speeds, offsets). */
export function numberArg(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number.');
  return n;
}

export function nonNegativeArg(value: string): number {
  const n = numberArg(value);
  if (n < 0) throw new InvalidArgumentError('expected a number >= 0.');
  return n;
}

export function backendOption(): Option {
  return new Option('--backend <name>', 'TensorFlow.js backend').choices(BACKEND_CHOICES).default('auto');
}
