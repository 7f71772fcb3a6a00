// A zod validation failure as the words a form shows under each field. The contract's bounded numbers carry their
// own message ("An integer from 1 to 512."); anything else zod says in its own terms ("Invalid input: expected
// number, received string", "Too small: expected number to be >=0") is said here in plain words.
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

const ZOD_WORDING = /^(Invalid input|Invalid option|Too small|Too big|Unrecognized key|Invalid element|Invalid string|Invalid)/;

/** What is wrong, in a sentence a user reads next to the field. */
export function issueText(issue: Issue): string {
  if (!ZOD_WORDING.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'number' || issue.expected === 'int' ? 'Enter a number.' : issue.expected === 'string' ? 'Enter some text.' : `Expected ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}.`;
    case 'invalid_value':
      return `One of ${issue.values.map(String).join(', ')}.`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'Required.' : `At least ${issue.minimum} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return Number(issue.minimum) <= 1 ? 'At least one entry.' : `At least ${issue.minimum} entries.`;
      return `${issue.inclusive ? 'At least' : 'Above'} ${issue.minimum}.`;
    case 'too_big':
      if (issue.origin === 'string') return `At most ${issue.maximum} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `At most ${issue.maximum} entries.`;
      return `${issue.inclusive ? 'At most' : 'Below'} ${issue.maximum}.`;
    case 'unrecognized_keys':
      return `Not a setting here: ${issue.keys.join(', ')}.`;
    case 'invalid_format':
      return 'Not in the expected form.';
    default:
      return 'Not a valid value.';
  }
}

export function fieldErrors(error: z.ZodError | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error?.issues ?? []) {
    const key = issue.path.join('.');
    out[key] ??= issueText(issue);
  }
  return out;
}
