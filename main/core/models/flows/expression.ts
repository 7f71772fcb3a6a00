// A symmetry generator typed by the user, e.g. "q1*p2 - q2*p1": a small recursive-descent parser to an AST.
// Nothing is ever passed to eval or Function; input size and nesting are bounded so hostile text fails fast
// with a message instead of exhausting the stack.
//
//   expr    := term (('+' | '-') term)*
//   term    := unary (('*' | '/') unary)*
//   unary   := ('-' | '+') unary | power
//   power   := primary (('^' | '**') unary)?        right-associative: -q1^2 = -(q1^2), 2^-1 = 0.5
//   primary := number | 'pi' | q<i> | p<i> | fn '(' expr ')' | '(' expr ')'
//   fn      := sin | cos | exp | log | sqrt

export type FunctionName = 'sin' | 'cos' | 'exp' | 'log' | 'sqrt';
export const FUNCTION_NAMES: readonly FunctionName[] = ['sin', 'cos', 'exp', 'log', 'sqrt'];

export type ExprNode =
  | { kind: 'num'; value: number }
  | { kind: 'var'; name: 'q' | 'p'; index: number }
  | { kind: 'neg'; arg: ExprNode }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/' | '^'; left: ExprNode; right: ExprNode }
  | { kind: 'call'; fn: FunctionName; arg: ExprNode };

type BinaryOp = Extract<ExprNode, { kind: 'bin' }>['op'];

export class ExpressionError extends Error {
  /** `column` is 1-based. */
  constructor(message: string, readonly column: number) {
    super(`${message} (at column ${column})`);
    this.name = 'ExpressionError';
  }
}

export const EXPRESSION_LIMITS = { maxChars: 500, maxDepth: 60, maxTokens: 300 } as const;

type TokenKind = 'num' | 'ident' | 'op' | '(' | ')' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  column: number;
}

const NUMBER_RE = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;
const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]*/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const column = i + 1;
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    const rest = text.slice(i, i + 64);
    const num = NUMBER_RE.exec(rest);
    const ident = num ? null : IDENT_RE.exec(rest);
    if (num) {
      tokens.push({ kind: 'num', text: num[0], column });
      i += num[0].length;
    } else if (ident) {
      if (ident[0].length >= 32) throw new ExpressionError('name too long', column);
      tokens.push({ kind: 'ident', text: ident[0], column });
      i += ident[0].length;
    } else if (text.startsWith('**', i)) {
      tokens.push({ kind: 'op', text: '^', column });
      i += 2;
    } else if ('+-*/^'.includes(ch)) {
      tokens.push({ kind: 'op', text: ch, column });
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch, text: ch, column });
      i++;
    } else {
      const shown = JSON.stringify(ch).slice(1, -1);
      throw new ExpressionError(`unexpected character '${shown}'`, column);
    }
    if (tokens.length > EXPRESSION_LIMITS.maxTokens) {
      throw new ExpressionError(`expression too long (more than ${EXPRESSION_LIMITS.maxTokens} tokens)`, column);
    }
  }
  tokens.push({ kind: 'end', text: 'end of input', column: text.length + 1 });
  return tokens;
}

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[], private readonly dim: number) {}

  parse(): ExprNode {
    const node = this.expr();
    const t = this.peek();
    if (t.kind !== 'end') {
      throw new ExpressionError(t.kind === ')' ? "unmatched ')'" : `expected an operator before '${t.text}'`, t.column);
    }
    return node;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    return this.tokens[this.pos++];
  }

  private nest<T>(f: () => T): T {
    if (++this.depth > EXPRESSION_LIMITS.maxDepth) {
      throw new ExpressionError(`nested too deeply (more than ${EXPRESSION_LIMITS.maxDepth} levels)`, this.peek().column);
    }
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  private expr(): ExprNode {
    return this.nest(() => this.leftAssociative(['+', '-'], () => this.term()));
  }

  private term(): ExprNode {
    return this.leftAssociative(['*', '/'], () => this.unary());
  }

  /** operand (op operand)* for one precedence level, folded to the left: a - b - c = (a - b) - c. */
  private leftAssociative(ops: readonly BinaryOp[], operand: () => ExprNode): ExprNode {
    let left = operand();
    while (this.peek().kind === 'op' && ops.includes(this.peek().text as BinaryOp)) {
      const op = this.next().text as BinaryOp;
      left = { kind: 'bin', op, left, right: operand() };
    }
    return left;
  }

  private unary(): ExprNode {
    return this.nest(() => {
      const t = this.peek();
      if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
        this.next();
        const arg = this.unary();
        return t.text === '-' ? { kind: 'neg', arg } : arg;
      }
      return this.power();
    });
  }

  private power(): ExprNode {
    const base = this.primary();
    if (this.peek().kind === 'op' && this.peek().text === '^') {
      this.next();
      return { kind: 'bin', op: '^', left: base, right: this.unary() };
    }
    return base;
  }

  private primary(): ExprNode {
    const t = this.next();
    switch (t.kind) {
      case 'num': {
        const value = Number(t.text);
        if (!Number.isFinite(value)) throw new ExpressionError(`number ${t.text} is out of range`, t.column);
        return { kind: 'num', value };
      }
      case 'ident':
        return this.identifier(t);
      case '(': {
        const inner = this.expr();
        this.expect(')', "missing ')'");
        return inner;
      }
      case 'end':
        throw new ExpressionError('unexpected end of expression', t.column);
      default:
        throw new ExpressionError(`unexpected '${t.text}'`, t.column);
    }
  }

  private identifier(t: Token): ExprNode {
    const name = t.text;
    if (name === 'pi') return { kind: 'num', value: Math.PI };
    if ((FUNCTION_NAMES as readonly string[]).includes(name)) {
      this.expect('(', `'${name}' must be followed by '('`);
      const arg = this.expr();
      this.expect(')', `missing ')' after the argument of ${name}`);
      return { kind: 'call', fn: name as FunctionName, arg };
    }
    const m = /^([qp])([1-9]\d{0,2})$/.exec(name);
    if (m) {
      const index = Number(m[2]);
      if (index > this.dim) {
        throw new ExpressionError(`${name} does not exist: the data has ${this.dim} dimension${this.dim === 1 ? '' : 's'}`, t.column);
      }
      return { kind: 'var', name: m[1] as 'q' | 'p', index };
    }
    const vars = this.dim === 1 ? 'q1, p1' : `q1..q${this.dim}, p1..p${this.dim}`;
    throw new ExpressionError(`unknown name '${name}' (use ${vars}, pi, ${FUNCTION_NAMES.join(', ')})`, t.column);
  }

  private expect(kind: TokenKind, message: string): void {
    const t = this.peek();
    if (t.kind !== kind) throw new ExpressionError(message, t.column);
    this.next();
  }
}

/** Parses an expression of q1..q_dim and p1..p_dim; throws ExpressionError with the column of the problem. */
export function parseExpression(text: string, dim: number): ExprNode {
  if (typeof text !== 'string') throw new ExpressionError('expected a text expression', 1);
  if (text.length > EXPRESSION_LIMITS.maxChars) {
    throw new ExpressionError(`expression longer than ${EXPRESSION_LIMITS.maxChars} characters`, EXPRESSION_LIMITS.maxChars + 1);
  }
  if (text.trim() === '') throw new ExpressionError('empty expression', 1);
  return new Parser(tokenize(text), dim).parse();
}

/** The variables an expression reads, e.g. ["p2", "q1"]. */
export function expressionVariables(node: ExprNode): string[] {
  const found = new Set<string>();
  const walk = (n: ExprNode): void => {
    if (n.kind === 'var') found.add(`${n.name}${n.index}`);
    else if (n.kind === 'neg' || n.kind === 'call') walk(n.arg);
    else if (n.kind === 'bin') {
      walk(n.left);
      walk(n.right);
    }
  };
  walk(node);
  return [...found].sort();
}

/** Fully parenthesised text of the AST: what the app shows back to the user. */
export function formatExpression(node: ExprNode): string {
  switch (node.kind) {
    case 'num':
      return String(node.value);
    case 'var':
      return `${node.name}${node.index}`;
    case 'neg':
      return `-(${formatExpression(node.arg)})`;
    case 'call':
      return `${node.fn}(${formatExpression(node.arg)})`;
    case 'bin':
      return `(${formatExpression(node.left)} ${node.op} ${formatExpression(node.right)})`;
  }
}
