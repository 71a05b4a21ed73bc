/**
 * TaskRouter-style expressions over attributes, used for queue target workers and workflow filters:
 *
 * ```
 * skills HAS "billing" AND languages HAS "es"
 * team == "gold" OR (level >= 3 AND NOT routing.blocked == true)
 * channel IN ["chat", "sms"]
 * ```
 *
 * Operators: `==` `!=` `>` `>=` `<` `<=` `HAS` `CONTAINS` `IN` `NOT IN`, joined by `AND` (`&&`),
 * `OR` (`||`), `NOT` (`!`) and parentheses. Operands are dotted attribute paths, string literals
 * (single or double quotes), numbers, `true`, `false`, `null` and lists `[…]`. Keywords are
 * case-insensitive. `HAS` tests list membership, an object key or string equality; `IN` is the
 * mirror image. A missing attribute compares false with everything.
 */

/** A malformed expression; `position` is the 0-based index of the fault in `expression`. */
export class ExpressionError extends Error {
  constructor(
    readonly expression: string,
    readonly position: number,
    readonly reason: string,
  ) {
    super(`${reason} at position ${position} in expression ${JSON.stringify(expression)}`);
    this.name = 'ExpressionError';
  }
}

export type Literal = string | number | boolean | null;

export type ExpressionNode =
  | { readonly kind: 'and' | 'or'; readonly left: ExpressionNode; readonly right: ExpressionNode }
  | { readonly kind: 'not'; readonly operand: ExpressionNode }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Operand; readonly right: Operand }
  | { readonly kind: 'truthy'; readonly operand: Operand };

export type CompareOp = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'HAS' | 'CONTAINS' | 'IN' | 'NOT IN';

export type Operand =
  | { readonly kind: 'path'; readonly path: readonly string[] }
  | { readonly kind: 'literal'; readonly value: Literal }
  | { readonly kind: 'list'; readonly values: readonly Literal[] };

/** A compiled expression: attributes in, match out. */
export type Predicate = (attributes: Readonly<Record<string, unknown>>) => boolean;

type TokenKind = 'ident' | 'string' | 'number' | 'op' | 'lparen' | 'rparen' | 'lbracket' | 'rbracket' | 'comma' | 'end';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly value?: string | number;
  readonly pos: number;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'HAS', 'CONTAINS', 'IN', 'TRUE', 'FALSE', 'NULL']);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c === '"' || c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new ExpressionError(source, start, 'Unterminated string');
        const d = source[i];
        if (d === '\\' && i + 1 < source.length) {
          value += source[i + 1];
          i += 2;
          continue;
        }
        if (d === c) break;
        value += d;
        i++;
      }
      i++;
      tokens.push({ kind: 'string', text: source.slice(start, i), value, pos: start });
      continue;
    }
    if (
      (c >= '0' && c <= '9') ||
      (c === '-' && /[0-9.]/.test(source[i + 1] ?? '')) ||
      (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))
    ) {
      const match = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(source.slice(i))!;
      i += match[0].length;
      if (/[A-Za-z_]/.test(source[i] ?? ''))
        throw new ExpressionError(source, i, `Unexpected character "${source[i]}"`);
      tokens.push({ kind: 'number', text: match[0], value: Number(match[0]), pos: start });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      while (i < source.length && /[A-Za-z0-9_\-.]/.test(source[i])) i++;
      const text = source.slice(start, i);
      if (text.endsWith('.') || text.includes('..')) {
        throw new ExpressionError(
          source,
          start + (text.includes('..') ? text.indexOf('..') + 1 : text.length),
          'Expected an attribute name after "."',
        );
      }
      tokens.push({ kind: 'ident', text, pos: start });
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '>=' || two === '<=' || two === '&&' || two === '||') {
      tokens.push({ kind: 'op', text: two, pos: start });
      i += 2;
      continue;
    }
    if (c === '>' || c === '<' || c === '!' || c === '=') {
      tokens.push({ kind: 'op', text: c === '=' ? '==' : c, pos: start });
      i++;
      continue;
    }
    const single: Partial<Record<string, TokenKind>> = {
      '(': 'lparen',
      ')': 'rparen',
      '[': 'lbracket',
      ']': 'rbracket',
      ',': 'comma',
    };
    const kind = single[c];
    if (kind) {
      tokens.push({ kind, text: c, pos: start });
      i++;
      continue;
    }
    throw new ExpressionError(source, start, `Unexpected character "${c}"`);
  }
  tokens.push({ kind: 'end', text: '', pos: source.length });
  return tokens;
}

class Parser {
  private index = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  parse(): ExpressionNode {
    if (this.peek().kind === 'end') throw new ExpressionError(this.source, 0, 'Empty expression');
    const node = this.parseOr();
    const rest = this.peek();
    if (rest.kind !== 'end') throw this.unexpected(rest);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private advance(): Token {
    return this.tokens[this.index++];
  }

  private keyword(token: Token): string | undefined {
    if (token.kind === 'ident') {
      const upper = token.text.toUpperCase();
      if (KEYWORDS.has(upper)) return upper;
    }
    if (token.kind === 'op') {
      if (token.text === '&&') return 'AND';
      if (token.text === '||') return 'OR';
      if (token.text === '!') return 'NOT';
    }
    return undefined;
  }

  private unexpected(token: Token): ExpressionError {
    return token.kind === 'end'
      ? new ExpressionError(this.source, token.pos, 'Unexpected end of expression')
      : new ExpressionError(this.source, token.pos, `Unexpected token "${token.text}"`);
  }

  private parseOr(): ExpressionNode {
    let left = this.parseAnd();
    while (this.keyword(this.peek()) === 'OR') {
      this.advance();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): ExpressionNode {
    let left = this.parseNot();
    while (this.keyword(this.peek()) === 'AND') {
      this.advance();
      left = { kind: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): ExpressionNode {
    if (this.keyword(this.peek()) === 'NOT') {
      this.advance();
      return { kind: 'not', operand: this.parseNot() };
    }
    if (this.peek().kind === 'lparen') {
      const open = this.advance();
      const inner = this.parseOr();
      const close = this.peek();
      if (close.kind !== 'rparen') {
        throw close.kind === 'end'
          ? new ExpressionError(this.source, close.pos, `Missing ")" to close "(" at position ${open.pos}`)
          : new ExpressionError(this.source, close.pos, `Expected ")" but found "${close.text}"`);
      }
      this.advance();
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): ExpressionNode {
    const left = this.parseOperand();
    const token = this.peek();
    const keyword = this.keyword(token);
    let op: CompareOp | undefined;
    if (token.kind === 'op' && ['==', '!=', '>', '>=', '<', '<='].includes(token.text)) op = token.text as CompareOp;
    else if (keyword === 'HAS' || keyword === 'CONTAINS' || keyword === 'IN') op = keyword;
    else if (keyword === 'NOT' && this.keyword(this.tokens[this.index + 1]) === 'IN') {
      this.advance();
      op = 'NOT IN';
    }
    if (!op) {
      if (left.kind === 'list') throw new ExpressionError(this.source, token.pos, 'Expected an operator after a list');
      return { kind: 'truthy', operand: left };
    }
    this.advance();
    const right = this.parseOperand();
    return { kind: 'compare', op, left, right };
  }

  private parseOperand(): Operand {
    const token = this.peek();
    if (token.kind === 'string' || token.kind === 'number') {
      this.advance();
      return { kind: 'literal', value: token.value! };
    }
    if (token.kind === 'lbracket') return this.parseList();
    if (token.kind === 'ident') {
      const keyword = this.keyword(token);
      if (keyword === 'TRUE' || keyword === 'FALSE' || keyword === 'NULL') {
        this.advance();
        return { kind: 'literal', value: keyword === 'NULL' ? null : keyword === 'TRUE' };
      }
      if (keyword)
        throw new ExpressionError(this.source, token.pos, `Expected a value but found keyword "${token.text}"`);
      this.advance();
      return { kind: 'path', path: token.text.split('.') };
    }
    if (token.kind === 'end')
      throw new ExpressionError(this.source, token.pos, 'Expected a value but the expression ended');
    throw new ExpressionError(this.source, token.pos, `Expected a value but found "${token.text}"`);
  }

  private parseList(): Operand {
    const open = this.advance();
    const values: Literal[] = [];
    if (this.peek().kind === 'rbracket') {
      this.advance();
      return { kind: 'list', values };
    }
    for (;;) {
      const item = this.parseOperand();
      if (item.kind !== 'literal') {
        throw new ExpressionError(this.source, this.tokens[this.index - 1].pos, 'Lists may hold only literal values');
      }
      values.push(item.value);
      const next = this.advance();
      if (next.kind === 'rbracket') break;
      if (next.kind !== 'comma') {
        throw next.kind === 'end'
          ? new ExpressionError(this.source, next.pos, `Missing "]" to close "[" at position ${open.pos}`)
          : new ExpressionError(this.source, next.pos, `Expected "," or "]" but found "${next.text}"`);
      }
    }
    return { kind: 'list', values };
  }
}

/** Parses an expression into a syntax tree; throws ExpressionError with the position of a fault. */
export function parseExpression(source: string): ExpressionNode {
  if (typeof source !== 'string') throw new ExpressionError(String(source), 0, 'Expression must be a string');
  return new Parser(source, tokenize(source)).parse();
}

function resolve(attributes: Readonly<Record<string, unknown>>, path: readonly string[]): unknown {
  let value: unknown = attributes;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'string' && b.trim() !== '') return a === Number(b);
  if (typeof a === 'string' && typeof b === 'number' && a.trim() !== '') return Number(a) === b;
  return false;
}

function has(container: unknown, item: unknown): boolean {
  if (Array.isArray(container)) return container.some((element) => equal(element, item));
  if (typeof container === 'string') return typeof item === 'string' && container === item;
  if (container !== null && typeof container === 'object') {
    return typeof item === 'string' && Object.prototype.hasOwnProperty.call(container, item);
  }
  return false;
}

function order(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if ((typeof a === 'number' || typeof a === 'string') && (typeof b === 'number' || typeof b === 'string')) {
    const x = Number(a);
    const y = Number(b);
    if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  }
  return undefined;
}

function compileOperand(operand: Operand): (attributes: Readonly<Record<string, unknown>>) => unknown {
  switch (operand.kind) {
    case 'literal': {
      const value = operand.value;
      return () => value;
    }
    case 'list': {
      const values = operand.values;
      return () => values;
    }
    case 'path': {
      const path = operand.path;
      if (path.length === 1) {
        const key = path[0];
        return (attributes) => (Object.prototype.hasOwnProperty.call(attributes, key) ? attributes[key] : undefined);
      }
      return (attributes) => resolve(attributes, path);
    }
  }
}

function compileNode(node: ExpressionNode): Predicate {
  switch (node.kind) {
    case 'and': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      return (a) => left(a) && right(a);
    }
    case 'or': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      return (a) => left(a) || right(a);
    }
    case 'not': {
      const operand = compileNode(node.operand);
      return (a) => !operand(a);
    }
    case 'truthy': {
      const operand = compileOperand(node.operand);
      return (a) => {
        const value = operand(a);
        return value !== undefined && value !== null && value !== false && value !== 0 && value !== '';
      };
    }
    case 'compare': {
      const left = compileOperand(node.left);
      const right = compileOperand(node.right);
      switch (node.op) {
        case '==':
          return (a) => equal(left(a), right(a));
        case '!=':
          return (a) => {
            const l = left(a);
            return l !== undefined && !equal(l, right(a));
          };
        case '>':
          return (a) => {
            const o = order(left(a), right(a));
            return o !== undefined && o > 0;
          };
        case '>=':
          return (a) => {
            const o = order(left(a), right(a));
            return o !== undefined && o >= 0;
          };
        case '<':
          return (a) => {
            const o = order(left(a), right(a));
            return o !== undefined && o < 0;
          };
        case '<=':
          return (a) => {
            const o = order(left(a), right(a));
            return o !== undefined && o <= 0;
          };
        case 'HAS':
        case 'CONTAINS':
          return (a) => {
            const l = left(a);
            const r = right(a);
            if (node.op === 'CONTAINS' && typeof l === 'string' && typeof r === 'string') return l.includes(r);
            return Array.isArray(r) ? r.some((item) => has(l, item)) : has(l, r);
          };
        case 'IN':
        case 'NOT IN': {
          const test = (a: Readonly<Record<string, unknown>>): boolean => {
            const l = left(a);
            const r = right(a);
            return Array.isArray(l) ? l.some((item) => has(r, item)) : has(r, l);
          };
          return node.op === 'IN' ? test : (a) => left(a) !== undefined && !test(a);
        }
      }
    }
  }
}

/** Parses and compiles an expression; throws ExpressionError with the position of a fault. */
export function compileExpression(source: string): Predicate {
  return compileNode(parseExpression(source));
}
