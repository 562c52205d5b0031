/**
 * An iterative, error-tolerant JSON tree builder over jsonc-parser's scanner, producing
 * jsonc-parser's own Node shape. jsonc-parser's parseTree recurses once per nesting level and
 * overflows the stack well below the 10,000 levels Go's decoder accepts; this builder keeps its
 * own stack, so any depth is fine.
 */
import { createScanner, ParseErrorCode, ScanError, SyntaxKind, type Node, type ParseError } from 'jsonc-parser';

export interface TreeResult {
  root: Node | undefined;
  errors: ParseError[];
  /** Comments the builder stepped over (the gateway's decoder rejects each one). */
  comments: { offset: number; length: number }[];
  /** Offsets of commas that stand after a value and right before a closing bracket. */
  trailingCommas: number[];
  /** More keys than TreeOptions.maxKeys: the builder stopped there (root undefined). */
  tooManyKeys?: true;
  /**
   * Template placeholders met where a value belongs (`"listen_port": LISTEN_PORT`), in text order.
   * Each stands in the tree as a null node (in `placeholderNodes`), so that the rest of a template
   * can be read as if it were rendered.
   */
  placeholders: Placeholder[];
  placeholderNodes: ReadonlySet<Node>;
}

export interface Placeholder {
  offset: number;
  length: number;
  text: string;
  /** The key whose value it stands for (undefined in an array or at the top). */
  key: string | undefined;
}

/**
 * What an install script or a template engine fills in where a JSON value belongs: `{{ … }}`
 * (Go templates, Helm, Mustache), `<% … %>` (ERB, EJS), `${NAME}` and `$NAME` (shell, envsubst),
 * `@@NAME@@`, `@NAME@`, `%NAME%`, `__NAME__`, and a bare upper-case NAME (the gateway's own install
 * templates). Lower- and mixed-case words (`tru`, `True`, `yes`) and upper-case spellings of
 * literals (`TRUE`, `NULL`) are typos of a JSON value, not placeholders: they stay syntax errors.
 */
const PLACEHOLDER = /\{\{[^\n]*?\}\}|<%[^\n]*?%>|\$\{[^}\n]*\}|\$[A-Za-z_][A-Za-z0-9_]*|@@[A-Za-z0-9_.-]+@@|@[A-Za-z0-9_.-]+@|%[A-Za-z_][A-Za-z0-9_.-]*%|__[A-Za-z0-9_]+__(?![A-Za-z0-9_])|[A-Z][A-Z0-9_]*(?![A-Za-z0-9_.-])/y;
const LITERAL_LIKE = new Set(['TRUE', 'FALSE', 'NULL', 'NONE', 'NIL', 'YES', 'NO', 'ON', 'OFF', 'NAN', 'INFINITY', 'UNDEFINED']);

/** The end of a placeholder that starts at `offset`, or -1. */
export function placeholderEnd(text: string, offset: number): number {
  PLACEHOLDER.lastIndex = offset;
  const m = PLACEHOLDER.exec(text);
  if (m === null || LITERAL_LIKE.has(m[0])) return -1;
  return offset + m[0].length;
}

const SCAN_ERRORS: Partial<Record<ScanError, ParseErrorCode>> = {
  [ScanError.InvalidUnicode]: ParseErrorCode.InvalidUnicode,
  [ScanError.InvalidEscapeCharacter]: ParseErrorCode.InvalidEscapeCharacter,
  [ScanError.UnexpectedEndOfNumber]: ParseErrorCode.UnexpectedEndOfNumber,
  [ScanError.UnexpectedEndOfComment]: ParseErrorCode.UnexpectedEndOfComment,
  [ScanError.UnexpectedEndOfString]: ParseErrorCode.UnexpectedEndOfString,
  [ScanError.InvalidCharacter]: ParseErrorCode.InvalidCharacter,
};

/** jsonc-parser's Node is read-only to its users; this builder is the one that fills it in. */
type MNode = { -readonly [K in keyof Node]: Node[K] };

interface Frame {
  node: MNode;
  /** object: expecting a key, a colon, a value, or a comma/close; array: a value or a comma/close. */
  state: 'key' | 'colon' | 'value' | 'sep';
  property?: MNode;
}

export interface TreeOptions {
  /**
   * Top-level keys whose values are kept as whole subtrees; other top-level values become a
   * childless node of the right type and extent. Large configurations are mostly API-ish data the
   * checks never read, and this keeps memory proportional to what they do read.
   */
  keepTopLevel?: (key: string) => boolean;
  /**
   * Stop (tooManyKeys) past this many object keys kept in the tree: each costs a few hundred
   * bytes in every view built on it, and no real config comes near the limit.
   */
  maxKeys?: number;
}

export function buildTree(text: string, opts: TreeOptions = {}): TreeResult {
  const maxKeys = opts.maxKeys ?? Infinity;
  let keys = 0;
  const scanner = createScanner(text, false);
  const errors: ParseError[] = [];
  const stack: Frame[] = [];
  let root: MNode | undefined;

  const error = (code: ParseErrorCode): void => {
    errors.push({ error: code, offset: scanner.getTokenOffset(), length: scanner.getTokenLength() });
  };
  const comments: TreeResult['comments'] = [];
  const trailingCommas: number[] = [];
  // The two significant tokens before the current one, to tell a trailing comma ("1,]") from a
  // stray one ("[,]").
  let last: { kind: SyntaxKind; offset: number } | undefined;
  let beforeLast: SyntaxKind | undefined;
  const next = (): SyntaxKind => {
    for (;;) {
      // Runs of JSON whitespace are skipped here: the scanner builds each trivia token's value a
      // character at a time, which made 100 MB of spaces take 28 s and 3.6 GB.
      let p = scanner.getPosition();
      const from = p;
      for (let c = text.charCodeAt(p); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++p));
      if (p !== from) scanner.setPosition(p);
      const k = scanner.scan();
      const se = scanner.getTokenError();
      if (se !== ScanError.None) error(SCAN_ERRORS[se] ?? ParseErrorCode.InvalidSymbol);
      if (k === SyntaxKind.LineCommentTrivia || k === SyntaxKind.BlockCommentTrivia) {
        comments.push({ offset: scanner.getTokenOffset(), length: scanner.getTokenLength() });
        continue;
      }
      if (k === SyntaxKind.Trivia || k === SyntaxKind.LineBreakTrivia) continue;
      const closes = k === SyntaxKind.CloseBraceToken || k === SyntaxKind.CloseBracketToken;
      const afterValue = beforeLast !== undefined && beforeLast !== SyntaxKind.OpenBraceToken && beforeLast !== SyntaxKind.OpenBracketToken && beforeLast !== SyntaxKind.CommaToken;
      if (closes && last?.kind === SyntaxKind.CommaToken && afterValue) trailingCommas.push(last.offset);
      beforeLast = last?.kind;
      last = { kind: k, offset: scanner.getTokenOffset() };
      return k;
    }
  };
  const end = (n: MNode): void => {
    n.length = scanner.getTokenOffset() + scanner.getTokenLength() - n.offset;
  };
  /** Attaches a finished value to whatever is waiting for it. */
  const attach = (n: MNode): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      root = n;
      return;
    }
    if (top.node.type === 'array') {
      n.parent = top.node;
      top.node.children!.push(n);
      top.state = 'sep';
    } else if (top.property !== undefined) {
      n.parent = top.property;
      top.property.children!.push(n);
      top.property.length = n.offset + n.length - top.property.offset;
      top.property = undefined;
      top.state = 'sep';
    }
  };
  const placeholders: Placeholder[] = [];
  const placeholderNodes = new Set<Node>();
  /** A placeholder where a value belongs: stepped over as one value-like token. */
  const takePlaceholder = (key: string | undefined): MNode | undefined => {
    const offset = scanner.getTokenOffset();
    const stop = placeholderEnd(text, offset);
    if (stop < 0) return undefined;
    // The scanner's own complaints about the placeholder's characters are not errors of their own.
    while (errors.length > 0 && errors[errors.length - 1].offset >= offset) errors.pop();
    scanner.setPosition(stop);
    last = { kind: SyntaxKind.NullKeyword, offset };
    placeholders.push({ offset, length: stop - offset, text: text.slice(offset, stop), key });
    const node: MNode = { type: 'null', value: null, offset, length: stop - offset };
    placeholderNodes.add(node);
    return node;
  };
  /** Consumes a whole object or array, keeping only its type and extent (and noting placeholders). */
  const skipContainer = (open: SyntaxKind): MNode => {
    const node: MNode = { type: open === SyntaxKind.OpenBraceToken ? 'object' : 'array', offset: scanner.getTokenOffset(), length: 0, children: [] };
    // Whether each open container is an array, and the kind of the token before this one: enough
    // to know where a value belongs.
    const arrays: boolean[] = [open === SyntaxKind.OpenBracketToken];
    let prev = open;
    let lastString: string | undefined;
    while (arrays.length > 0) {
      const k = next();
      if (k === SyntaxKind.EOF) {
        node.length = text.length - node.offset;
        return node;
      }
      const inArray = arrays[arrays.length - 1];
      const atValue = prev === SyntaxKind.ColonToken || (inArray && (prev === SyntaxKind.OpenBracketToken || prev === SyntaxKind.CommaToken));
      if (atValue && takePlaceholder(prev === SyntaxKind.ColonToken ? lastString : undefined) !== undefined) {
        prev = SyntaxKind.NullKeyword;
        continue;
      }
      if (k === SyntaxKind.StringLiteral) lastString = scanner.getTokenValue();
      prev = k;
      if (k === SyntaxKind.OpenBraceToken || k === SyntaxKind.OpenBracketToken) arrays.push(k === SyntaxKind.OpenBracketToken);
      else if (k === SyntaxKind.CloseBraceToken || k === SyntaxKind.CloseBracketToken) arrays.pop();
    }
    end(node);
    return node;
  };
  const closeContainer = (): void => {
    const f = stack.pop()!;
    end(f.node);
    if (f.property !== undefined) {
      // A key without a value: keep the property with its key only, as jsonc-parser does.
      f.property.length = f.property.children![0].length;
    }
    attach(f.node);
  };
  const scalar = (k: SyntaxKind): MNode | undefined => {
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    switch (k) {
      case SyntaxKind.StringLiteral:
        return { type: 'string', value: scanner.getTokenValue(), offset, length };
      case SyntaxKind.NumericLiteral: {
        const v = Number(scanner.getTokenValue());
        if (Number.isNaN(v)) error(ParseErrorCode.InvalidNumberFormat);
        return { type: 'number', value: Number.isNaN(v) ? 0 : v, offset, length };
      }
      case SyntaxKind.TrueKeyword:
        return { type: 'boolean', value: true, offset, length };
      case SyntaxKind.FalseKeyword:
        return { type: 'boolean', value: false, offset, length };
      case SyntaxKind.NullKeyword:
        return { type: 'null', value: null, offset, length };
      default:
        return undefined;
    }
  };

  // A missing comma is reported once and the token is read again as the start of the next item.
  let again = false;
  for (let k = next(); k !== SyntaxKind.EOF; k = again ? k : next()) {
    again = false;
    const top = stack[stack.length - 1];
    if (top === undefined && root !== undefined) {
      error(ParseErrorCode.EndOfFileExpected);
      break;
    }
    const expectingValue = top === undefined || top.state === 'value' || (top.node.type === 'array' && top.state === 'key');
    if (expectingValue) {
      const ph = takePlaceholder(top?.property === undefined ? undefined : String(top.property.children![0].value));
      if (ph !== undefined) {
        attach(ph);
        continue;
      }
      const skip = opts.keepTopLevel !== undefined && stack.length === 1 && top?.property !== undefined
        && !opts.keepTopLevel(String(top.property.children![0].value));
      if (skip && (k === SyntaxKind.OpenBraceToken || k === SyntaxKind.OpenBracketToken)) {
        attach(skipContainer(k));
        continue;
      }
      if (k === SyntaxKind.OpenBraceToken || k === SyntaxKind.OpenBracketToken) {
        const node: MNode = { type: k === SyntaxKind.OpenBraceToken ? 'object' : 'array', offset: scanner.getTokenOffset(), length: 0, children: [] };
        stack.push({ node, state: 'key' });
        continue;
      }
      if (k === SyntaxKind.CloseBracketToken && top?.node.type === 'array') {
        closeContainer();
        continue;
      }
      const n = scalar(k);
      if (n !== undefined) {
        attach(n);
        continue;
      }
      error(ParseErrorCode.ValueExpected);
      if (k === SyntaxKind.CloseBraceToken && top?.node.type === 'object') closeContainer();
      continue;
    }
    // Inside a container, between values.
    if (top.node.type === 'object') {
      if (top.state === 'key') {
        if (k === SyntaxKind.StringLiteral) {
          const key: MNode = { type: 'string', value: scanner.getTokenValue(), offset: scanner.getTokenOffset(), length: scanner.getTokenLength() };
          if (++keys > maxKeys) return { root: undefined, errors: [], comments: [], trailingCommas: [], placeholders: [], placeholderNodes: new Set(), tooManyKeys: true };
          const prop: MNode = { type: 'property', offset: key.offset, length: key.length, children: [key], parent: top.node };
          key.parent = prop;
          top.node.children!.push(prop);
          top.property = prop;
          top.state = 'colon';
        } else if (k === SyntaxKind.CloseBraceToken) {
          closeContainer();
        } else {
          error(ParseErrorCode.PropertyNameExpected);
        }
      } else if (top.state === 'colon') {
        if (k === SyntaxKind.ColonToken) {
          top.property!.colonOffset = scanner.getTokenOffset();
          top.state = 'value';
        } else {
          error(ParseErrorCode.ColonExpected);
          if (k === SyntaxKind.CloseBraceToken) closeContainer();
        }
      } else if (k === SyntaxKind.CommaToken) {
        top.state = 'key';
      } else if (k === SyntaxKind.CloseBraceToken) {
        closeContainer();
      } else {
        error(ParseErrorCode.CommaExpected);
        if (k === SyntaxKind.StringLiteral) {
          top.state = 'key';
          again = true;
        }
      }
    } else if (k === SyntaxKind.CommaToken) {
      top.state = 'key';
    } else if (k === SyntaxKind.CloseBracketToken) {
      closeContainer();
    } else {
      error(ParseErrorCode.CommaExpected);
      if (k !== SyntaxKind.CloseBraceToken && k !== SyntaxKind.ColonToken) {
        top.state = 'key';
        again = true;
      }
    }
  }
  if (stack.length > 0) {
    errors.push({ error: stack[stack.length - 1].node.type === 'object' ? ParseErrorCode.CloseBraceExpected : ParseErrorCode.CloseBracketExpected, offset: text.length, length: 0 });
    // Every open container ends where the text does, and is attached like any finished value.
    while (stack.length > 0) {
      const f = stack.pop()!;
      f.node.length = text.length - f.node.offset;
      attach(f.node);
    }
  }
  if (root === undefined && errors.length === 0) errors.push({ error: ParseErrorCode.ValueExpected, offset: 0, length: 0 });
  return { root, errors, comments, trailingCommas, placeholders, placeholderNodes };
}

/**
 * Drops everything from `offset` on: what a tolerant parser builds past an error the gateway's
 * decoder stops at is a guess. Returns the containers the cut goes through (they are incomplete).
 */
export function cutTree(root: Node, offset: number): Set<Node> {
  const open = new Set<Node>();
  let n: MNode | undefined = root as MNode;
  while (n !== undefined && n.children !== undefined && n.offset < offset) {
    if (n.type !== 'property') open.add(n);
    const kids: MNode[] = n.children as MNode[];
    let i = 0;
    while (i < kids.length && kids[i].offset + kids[i].length <= offset) i++;
    if (i < kids.length && kids[i].offset < offset) {
      kids.length = i + 1;
      n = kids[i];
    } else {
      kids.length = i;
      n = undefined;
    }
  }
  return open;
}
