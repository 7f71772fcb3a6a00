import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../main/engine/backends';
import {
  EXPRESSION_LIMITS,
  ExpressionError,
  expressionVariables,
  formatExpression,
  parseExpression,
} from '../../../main/core/models/flows/expression';
import { evaluateExpression } from '../../../main/core/models/flows/expression-eval';
import { expressionGenerator, makeGenerators, parseConstraintSpec } from '../../../main/core/models/flows/generators';

beforeAll(async () => {
  await initBackend('wasm');
});

const Q = [
  [0.3, -1.2],
  [1.5, 0.7],
  [-0.4, 2.1],
];
const P = [
  [0.9, 0.1],
  [-1.1, 0.5],
  [0.2, -0.8],
];

function evalRows(text: string): number[] {
  return tf.tidy(() => Array.from(evaluateExpression(parseExpression(text, 2), tf.tensor2d(Q), tf.tensor2d(P)).dataSync()));
}

describe('generator expressions: parsing and evaluation', () => {
  it.each<[string, (q: number[], p: number[]) => number]>([
    ['q1*p2 - q2*p1', (q, p) => q[0] * p[1] - q[1] * p[0]],
    ['q1 + q2 * p1', (q, p) => q[0] + q[1] * p[0]],
    ['(q1 + q2) * p1', (q, p) => (q[0] + q[1]) * p[0]],
    ['q1 - q2 - p1', (q, p) => q[0] - q[1] - p[0]],
    ['q1 / q2 / p1', (q, p) => q[0] / q[1] / p[0]],
    ['-q1^2', (q) => -(q[0] ** 2)],
    ['2^3^2', () => 2 ** 9],
    ['q2^-1', (q) => 1 / q[1]],
    ['q2 ** 3', (q) => q[1] ** 3],
    ['p1^2/2 + sin(q1)*cos(q2)', (q, p) => p[0] ** 2 / 2 + Math.sin(q[0]) * Math.cos(q[1])],
    ['exp(-q1*q1) + log(p1*p1 + 1) - sqrt(q2*q2 + 4)', (q, p) => Math.exp(-q[0] * q[0]) + Math.log(p[0] * p[0] + 1) - Math.sqrt(q[1] * q[1] + 4)],
    ['1.5e-1 * q1 + .5 * pi', (q) => 0.15 * q[0] + 0.5 * Math.PI],
    ['--q1', (q) => q[0]],
    ['+p2', (_q, p) => p[1]],
    ['3', () => 3],
  ])('%s', (text, f) => {
    const got = evalRows(text);
    Q.forEach((q, i) => expect(got[i]).toBeCloseTo(f(q, P[i]), 4));
  });

  it('lists variables and prints the AST back with explicit precedence', () => {
    const ast = parseExpression('q1*p2 - q2*p1', 2);
    expect(expressionVariables(ast)).toEqual(['p1', 'p2', 'q1', 'q2']);
    expect(formatExpression(ast)).toBe('((q1 * p2) - (q2 * p1))');
    expect(formatExpression(parseExpression('-q1^2', 2))).toBe('-((q1 ^ 2))');
  });

  it.each<[string, RegExp, number]>([
    ['q3 + q1', /q3 does not exist: the data has 2 dimensions/, 1],
    ['q0', /unknown name 'q0'/, 1],
    ['x + 1', /unknown name 'x' \(use q1\.\.q2, p1\.\.p2, pi, sin, cos, exp, log, sqrt\)/, 1],
    ['q1 +', /unexpected end of expression/, 5],
    ['(q1 + p1', /missing '\)'/, 9],
    ['q1 + p1)', /unmatched '\)'/, 8],
    ['2q1', /expected an operator before 'q1'/, 2],
    ['q1 p2', /expected an operator before 'p2'/, 4],
    ['sin q1', /'sin' must be followed by '\('/, 5],
    ['sin(q1', /missing '\)' after the argument of sin/, 7],
    ['q1 * * p1', /unexpected '\*'/, 6],
    ['', /empty expression/, 1],
    ['   ', /empty expression/, 1],
    ['q1; p1', /unexpected character ';'/, 3],
    ['q1 = 2', /unexpected character '='/, 4],
    ['1e999 * q1', /number 1e999 is out of range/, 1],
  ])('rejects %j: %s', (text, message, column) => {
    let error: unknown;
    try {
      parseExpression(text, 2);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as ExpressionError).message).toMatch(message);
    expect((error as ExpressionError).column).toBe(column);
  });

  it.each([
    'process.exit(1)',
    'eval("q1")',
    'constructor',
    '__proto__',
    'this',
    'q1.constructor',
    '`q1`',
    "require('fs')",
    'Function("return 1")()',
    'q1[0]',
    '{}',
    'sin(q1)\u0000',
    'q\u0661',
  ])('hostile input %j is rejected as an expression error, never run', (text) => {
    expect(() => parseExpression(text, 2)).toThrow(ExpressionError);
  });

  it('bounds nesting, token count and length so hostile input fails fast with a message', () => {
    const deep = `${'('.repeat(10_000)}q1${')'.repeat(10_000)}`;
    expect(() => parseExpression(deep, 2)).toThrow(/longer than 500 characters/);
    expect(() => parseExpression(`${'('.repeat(100)}q1${')'.repeat(100)}`, 2)).toThrow(/nested too deeply/);
    expect(() => parseExpression(`${'-'.repeat(200)}q1`, 2)).toThrow(/nested too deeply/);
    expect(() => parseExpression(Array(160).fill('q1').join('+'), 2)).toThrow(/more than \d+ tokens/);
    expect(() => parseExpression('q1+'.repeat(1_000_000), 2)).toThrow(/longer than 500 characters/);
    // Within the limits, nesting works.
    const ok = `${'('.repeat(20)}q1${')'.repeat(20)}`;
    expect(ok.length).toBeLessThan(EXPRESSION_LIMITS.maxChars);
    expect(formatExpression(parseExpression(ok, 2))).toBe('q1');
  });

  it('builds generators from constraint specs', () => {
    expect(parseConstraintSpec('expr:q1*p2-q2*p1')).toEqual({ kind: 'expr', expression: 'q1*p2-q2*p1' });
    expect(parseConstraintSpec('so2')).toEqual({ kind: 'so2', expression: '' });
    expect(() => parseConstraintSpec('rotation')).toThrow(/unknown constraint "rotation"/);
    expect(makeGenerators('none', 2)).toEqual([]);
    expect(makeGenerators('translation', 2).map((g) => g.label)).toEqual(['p1', 'p2']);
    expect(makeGenerators('expr', 2, 'q1*p2 - q2*p1; p1').map((g) => g.id)).toEqual(['expr1', 'expr2']);
    expect(() => expressionGenerator('2 * pi', 2)).toThrow(/must depend on q or p/);
    expect(() => makeGenerators('expr', 2, ' ; ')).toThrow(/empty expression/);
    expect(() => makeGenerators('so2', 1)).toThrow(/at least 2 dimensions/);
  });
});
