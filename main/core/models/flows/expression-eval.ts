// Evaluates a parsed expression (expression.ts) with tfjs ops, row by row: q, p [B, d] -> [B].
import * as tf from '@tensorflow/tfjs-core';
import type { ExprNode, FunctionName } from './expression';

type BinaryOp = '+' | '-' | '*' | '/' | '^';

const FUNCTIONS: Record<FunctionName, (a: tf.Tensor) => tf.Tensor> = {
  sin: tf.sin,
  cos: tf.cos,
  exp: tf.exp,
  log: tf.log,
  sqrt: tf.sqrt,
};

const BINARY: Record<BinaryOp, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor> = {
  '+': tf.add,
  '-': tf.sub,
  '*': tf.mul,
  '/': tf.div,
  '^': tf.pow,
};

function column(x: tf.Tensor2D, index: number): tf.Tensor1D {
  return tf.reshape(tf.slice(x, [0, index - 1], [-1, 1]), [-1]);
}

/** Small integer powers as products: exact for negative bases and differentiable to any order. */
function integerPower(a: tf.Tensor, n: number): tf.Tensor {
  if (n === 0) return tf.onesLike(a);
  let out = a;
  for (let i = 1; i < Math.abs(n); i++) out = tf.mul(out, a);
  return n < 0 ? tf.div(1, out) : out;
}

function evaluate(node: ExprNode, q: tf.Tensor2D, p: tf.Tensor2D): tf.Tensor {
  switch (node.kind) {
    case 'num':
      return tf.scalar(node.value);
    case 'var':
      return column(node.name === 'q' ? q : p, node.index);
    case 'neg':
      return tf.neg(evaluate(node.arg, q, p));
    case 'call':
      return FUNCTIONS[node.fn](evaluate(node.arg, q, p));
    case 'bin': {
      const left = evaluate(node.left, q, p);
      const r = node.right;
      if (node.op === '^' && r.kind === 'num' && Number.isInteger(r.value) && Math.abs(r.value) <= 8) {
        return integerPower(left, r.value);
      }
      return BINARY[node.op](left, evaluate(r, q, p));
    }
  }
}

/** The expression at every row of (q, p): [B]. Constants are broadcast to the batch. */
export function evaluateExpression(node: ExprNode, q: tf.Tensor2D, p: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const v = evaluate(node, q, p);
    return (v.rank === 0 ? tf.add(tf.zeros([q.shape[0]]), v) : v) as tf.Tensor1D;
  });
}
