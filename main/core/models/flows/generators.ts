// Symmetry generators g(q, p) whose Poisson bracket with each Hamiltonian the constraint drives to zero:
// SO(2) rotations of (q1, q2), translations along each q_i, or an expression typed by the user.
import * as tf from '@tensorflow/tfjs-core';
import { ExpressionError, expressionVariables, parseExpression } from './expression';
import { evaluateExpression } from './expression-eval';
import type { PhaseFunction } from './poisson';

export interface SymmetryGenerator {
  /** Short id used in metric names: "so2", "tx1", "expr1". */
  readonly id: string;
  /** What the user sees: "q1 p2 - q2 p1". */
  readonly label: string;
  readonly evaluate: PhaseFunction;
}

function col(x: tf.Tensor2D, i: number): tf.Tensor1D {
  return tf.reshape(tf.slice(x, [0, i], [-1, 1]), [-1]);
}

/** Rotations in the (q1, q2) plane: g = q1 p2 - q2 p1 (angular momentum). */
export function so2Generator(dim: number): SymmetryGenerator {
  if (dim < 2) throw new Error('the SO(2) generator needs at least 2 dimensions');
  return {
    id: 'so2',
    label: 'q1 p2 - q2 p1',
    evaluate: (q, p) => tf.sub(tf.mul(col(q, 0), col(p, 1)), tf.mul(col(q, 1), col(p, 0))),
  };
}

/** Translations along each axis: g_i = p_i, so {g_i, H} = -dU/dq_i. */
export function translationGenerators(dim: number): SymmetryGenerator[] {
  return Array.from({ length: dim }, (_, i) => ({
    id: `tx${i + 1}`,
    label: `p${i + 1}`,
    evaluate: (_q: tf.Tensor2D, p: tf.Tensor2D) => col(p, i),
  }));
}

/** A generator typed as an expression of q1..qd, p1..pd (no eval: see expression.ts). */
export function expressionGenerator(text: string, dim: number, id = 'expr1'): SymmetryGenerator {
  const ast = parseExpression(text, dim);
  if (expressionVariables(ast).length === 0) {
    throw new ExpressionError('a generator must depend on q or p (a constant generates nothing)', 1);
  }
  return { id, label: text.trim(), evaluate: (q, p) => evaluateExpression(ast, q, p) };
}

export { CONSTRAINT_KINDS, type ConstraintKind } from './config';
import { CONSTRAINT_KINDS, type ConstraintKind, type FlowModelKind } from './config';

/**
 * The generators of a constraint choice. For `expr`, `expressions` holds one or more expressions separated by
 * ';' (one Lagrange multiplier each).
 */
export function makeGenerators(kind: ConstraintKind, dim: number, expressions = ''): SymmetryGenerator[] {
  switch (kind) {
    case 'none':
      return [];
    case 'so2':
      return [so2Generator(dim)];
    case 'translation':
      return translationGenerators(dim);
    case 'expr': {
      const parts = expressions.split(';').map((s) => s.trim()).filter((s) => s !== '');
      if (parts.length === 0) throw new ExpressionError('empty expression', 1);
      if (parts.length > 8) throw new ExpressionError('at most 8 generator expressions', 1);
      return parts.map((text, i) => expressionGenerator(text, dim, `expr${i + 1}`));
    }
  }
}

/** Parses the CLI's `--constraint so2|translation|none|expr:<expression>`. */
/** The generators a model is trained under: a RealNVP has none, and refuses a constraint (it has no H). */
export function generatorsFor(model: FlowModelKind, kind: ConstraintKind, dim: number, expressions = ''): SymmetryGenerator[] {
  if (model === 'realnvp') {
    if (kind !== 'none') throw new Error('symmetry constraints need the Hamiltonian flow, not RealNVP');
    return [];
  }
  return makeGenerators(kind, dim, expressions);
}

export function parseConstraintSpec(spec: string): { kind: ConstraintKind; expression: string } {
  if (spec.startsWith('expr:')) return { kind: 'expr', expression: spec.slice(5) };
  if ((CONSTRAINT_KINDS as readonly string[]).includes(spec) && spec !== 'expr') {
    return { kind: spec as ConstraintKind, expression: '' };
  }
  throw new Error(`unknown constraint "${spec}" (use none, so2, translation or expr:<expression of q and p>)`);
}
