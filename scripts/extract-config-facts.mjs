#!/usr/bin/env node
// Reads the Tyk Gateway's config structs out of git mirrors of the Go sources (no Go toolchain:
// a small Go type-declaration parser) and writes schemas/facts/tyk-config-<version>.json, the
// recorded input of scripts/gen-config-schema.mjs.
//
//   node scripts/extract-config-facts.mjs <recipe.json> <out.json>
//
// The recipe names, for each Go module the config types reach, a git directory and the commit to
// read (see schemas/facts/README.md). Types whose source could not be had are given by hand in
// the recipe's "manual" section, marked there as inferred. Nothing here builds or runs Go code.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// ---------------------------------------------------------------------------------------------
// Lexer (Go spec: tokens, comments, automatic semicolons)

const KEYWORDS = new Set(['break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func', 'go', 'goto', 'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct', 'switch', 'type', 'var']);
const OPS = ['<<=', '>>=', '&^=', '...', '&&', '||', '<-', '++', '--', '==', '!=', '<=', '>=', ':=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<', '>>', '&^', '~',
  '+', '-', '*', '/', '%', '&', '|', '^', '<', '>', '=', '!', '(', ')', '[', ']', '{', '}', ',', ';', '.', ':'];

function lex(src) {
  const toks = [];
  let i = 0;
  const n = src.length;
  const needsSemi = () => {
    const t = toks[toks.length - 1];
    if (t === undefined) return false;
    if (t.t === 'ident' || t.t === 'num' || t.t === 'str' || t.t === 'char') return true;
    if (t.t === 'kw') return ['break', 'continue', 'fallthrough', 'return'].includes(t.v);
    if (t.t === 'op') return ['++', '--', ')', ']', '}'].includes(t.v);
    return false;
  };
  const newline = () => { if (needsSemi()) toks.push({ t: 'op', v: ';', auto: true }); };
  while (i < n) {
    const c = src[i];
    if (c === '\n') { newline(); i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '/' && src[i + 1] === '/') { while (i < n && src[i] !== '\n') i++; continue; }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new Error('unterminated comment');
      if (src.slice(i, end).includes('\n')) newline();
      i = end + 2;
      continue;
    }
    if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_\u0080-\uffff]/.test(src[j])) j++;
      const w = src.slice(i, j);
      toks.push({ t: KEYWORDS.has(w) ? 'kw' : 'ident', v: w });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(src[j])) {
        if ((src[j] === 'e' || src[j] === 'E' || src[j] === 'p' || src[j] === 'P') && (src[j + 1] === '+' || src[j + 1] === '-')) j++;
        j++;
      }
      toks.push({ t: 'num', v: src.slice(i, j) });
      i = j;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < n && src[j] !== '"') { if (src[j] === '\\') j++; j++; }
      toks.push({ t: 'str', v: JSON.parse(goStringToJson(src.slice(i, j + 1))) });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      toks.push({ t: 'str', v: src.slice(i + 1, end).replace(/\r/g, ''), raw: true });
      i = end + 1;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      while (j < n && src[j] !== "'") { if (src[j] === '\\') j++; j++; }
      toks.push({ t: 'char', v: src.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op === undefined) throw new Error(`lex: unexpected ${JSON.stringify(c)}`);
    toks.push({ t: 'op', v: op });
    i += op.length;
  }
  newline();
  return toks;
}

/** A Go interpreted string literal as JSON text (enough for import paths and struct tags). */
function goStringToJson(lit) {
  return lit.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\([0-7]{3})/g, (_, o) => '\\u' + parseInt(o, 8).toString(16).padStart(4, '0'))
    .replace(/\\U([0-9a-fA-F]{8})/g, (_, h) => JSON.stringify(String.fromCodePoint(parseInt(h, 16))).slice(1, -1))
    .replace(/\\([abvf'])/g, (_, e) => ({ a: '\\u0007', b: '\\b', v: '\\u000b', f: '\\f', "'": "'" }[e]));
}

// ---------------------------------------------------------------------------------------------
// Build constraints: the default build of the gateway (linux/amd64, no custom tags).

const GOOS = ['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos'];
const GOARCH = ['386', 'amd64', 'arm', 'arm64', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'ppc64', 'ppc64le', 'riscv64', 's390x', 'wasm'];
function tagTrue(tag) {
  return tag === 'linux' || tag === 'amd64' || tag === 'unix' || tag === 'gc' || tag === 'cgo' || /^go1\.\d+$/.test(tag);
}
function evalConstraint(expr) {
  const toks = expr.match(/!|&&|\|\||\(|\)|[A-Za-z0-9_.]+/g) ?? [];
  let p = 0;
  const or = () => { let v = and(); while (toks[p] === '||') { p++; const r = and(); v = v || r; } return v; };
  const and = () => { let v = not(); while (toks[p] === '&&') { p++; const r = not(); v = v && r; } return v; };
  const not = () => {
    if (toks[p] === '!') { p++; return !not(); }
    if (toks[p] === '(') { p++; const v = or(); p++; return v; }
    return tagTrue(toks[p++]);
  };
  return or();
}
function fileIncluded(name, src) {
  if (!name.endsWith('.go') || name.endsWith('_test.go')) return false;
  const parts = name.slice(0, -3).split('_').slice(1);
  const last = parts[parts.length - 1];
  const prev = parts[parts.length - 2];
  if (GOARCH.includes(last) && last !== 'amd64') return false;
  if (GOOS.includes(last) && last !== 'linux') return false;
  if (GOARCH.includes(last) && GOOS.includes(prev) && prev !== 'linux') return false;
  for (const line of src.split('\n')) {
    const l = line.trim();
    if (l.startsWith('package ')) break;
    const m = /^\/\/go:build\s+(.*)$/.exec(l);
    if (m !== null) return evalConstraint(m[1]);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Parser: package clause, imports, type declarations, method declarations.

class Parser {
  constructor(toks) { this.toks = toks; this.p = 0; }
  peek(k = 0) { return this.toks[this.p + k]; }
  is(v, k = 0) { const t = this.peek(k); return t !== undefined && (t.t === 'op' || t.t === 'kw') && t.v === v; }
  next() { return this.toks[this.p++]; }
  expect(v) { const t = this.next(); if (t === undefined || t.v !== v) throw new Error(`parse: expected ${v}, got ${t?.v}`); return t; }
  ident() { const t = this.next(); if (t?.t !== 'ident') throw new Error(`parse: expected identifier, got ${t?.v}`); return t.v; }
  skipSemis() { while (this.is(';')) this.p++; }
  /** Skips a balanced (…) […] {…} group starting at the current opening token. */
  skipGroup() {
    const open = this.next().v;
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (t === undefined) throw new Error('parse: unbalanced ' + open);
      if (t.t !== 'op') continue;
      if (t.v === '(' || t.v === '[' || t.v === '{') depth++;
      else if (t.v === ')' || t.v === ']' || t.v === '}') depth--;
    }
  }

  file() {
    const out = { pkg: '', imports: [], types: [], methods: [] };
    this.skipSemis();
    this.expect('package');
    out.pkg = this.ident();
    this.skipSemis();
    while (this.peek() !== undefined) {
      const t = this.peek();
      if (t.t === 'kw' && t.v === 'import') { this.p++; this.group(() => this.importSpec(out)); }
      else if (t.t === 'kw' && t.v === 'type') { this.p++; this.group(() => out.types.push(this.typeSpec())); }
      else if (t.t === 'kw' && t.v === 'func') { this.p++; this.funcDecl(out); }
      else if (t.t === 'kw' && (t.v === 'var' || t.v === 'const')) { this.p++; this.skipDecl(); }
      else if (t.v === ';') this.p++;
      else throw new Error(`parse: unexpected top-level ${t.v}`);
    }
    return out;
  }
  group(spec) {
    if (this.is('(')) {
      this.p++;
      this.skipSemis();
      while (!this.is(')')) { spec(); this.skipSemis(); }
      this.p++;
    } else spec();
  }
  importSpec(out) {
    let alias = null;
    if (this.peek().t === 'ident') alias = this.next().v;
    else if (this.is('.')) { this.p++; alias = '.'; }
    const path = this.next();
    if (path.t !== 'str') throw new Error('parse: import path');
    out.imports.push({ alias, path: path.v });
  }
  typeSpec() {
    const name = this.ident();
    let generic = false;
    if (this.is('[') && this.peek(1)?.t === 'ident' && !(this.peek(2)?.t === 'op' && this.peek(2).v === ']')) {
      generic = true;
      this.skipGroup();
    }
    let alias = false;
    if (this.is('=')) { this.p++; alias = true; }
    const expr = this.type();
    return { name, alias, generic, expr };
  }
  funcDecl(out) {
    let recv;
    if (this.is('(')) {
      this.p++;
      // (r *T) or (*T) or (r T[K]) ...
      let ptr = false;
      let name;
      while (!this.is(')')) {
        const t = this.next();
        if (t.v === '*') ptr = true;
        else if (t.t === 'ident') name = t.v;
        else if (t.v === '[') { this.p--; this.skipGroup(); }
      }
      this.p++;
      recv = { type: name, ptr };
    }
    const fname = this.ident();
    if (this.is('[')) this.skipGroup();
    const sigStart = this.p;
    // Signature, then the body (a '{' at depth 0 that does not open a struct/interface literal).
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t === undefined) break;
      if (t.t === 'kw' && (t.v === 'struct' || t.v === 'interface') && this.is('{', 1)) { this.p++; this.skipGroup(); continue; }
      if (t.v === '(' || t.v === '[') { depth++; this.p++; continue; }
      if (t.v === ')' || t.v === ']') { depth--; this.p++; continue; }
      if (depth === 0 && (t.v === '{' || t.v === ';')) {
        const sig = this.toks.slice(sigStart, this.p).map((x) => x.v).join(' ');
        if (recv !== undefined) out.methods.push({ recv: recv.type, ptr: recv.ptr, name: fname, sig });
        if (t.v === '{') this.skipGroup();
        break;
      }
      this.p++;
    }
  }
  skipDecl() {
    if (this.is('(')) { this.skipGroup(); return; }
    while (this.peek() !== undefined && !this.is(';')) {
      if (this.is('(') || this.is('[') || this.is('{')) this.skipGroup();
      else this.p++;
    }
  }

  type() {
    const t = this.peek();
    if (t.v === '*' && t.t === 'op') { this.p++; return { k: 'ptr', elem: this.type() }; }
    if (t.v === '(' && t.t === 'op') { this.p++; const e = this.type(); this.expect(')'); return e; }
    if (t.v === '[' && t.t === 'op') {
      this.p++;
      if (this.is(']')) { this.p++; return { k: 'slice', elem: this.type() }; }
      let len = '';
      while (!this.is(']')) len += this.next().v;
      this.p++;
      return { k: 'array', len, elem: this.type() };
    }
    if (t.t === 'kw' && t.v === 'map') { this.p++; this.expect('['); const key = this.type(); this.expect(']'); return { k: 'map', key, elem: this.type() }; }
    if (t.t === 'kw' && t.v === 'chan') { this.p++; if (this.is('<-')) this.p++; return { k: 'chan', elem: this.type() }; }
    if (t.t === 'op' && t.v === '<-') { this.p++; this.expect('chan'); return { k: 'chan', elem: this.type() }; }
    if (t.t === 'kw' && t.v === 'func') {
      this.p++;
      this.skipGroup();
      // Result: a parenthesised list or a single type (or nothing).
      if (this.is('(')) this.skipGroup();
      else if (!this.is(';') && !this.is(')') && !this.is(',') && !this.is('}') && !this.is(']') && this.peek().t !== 'str') this.type();
      return { k: 'func' };
    }
    if (t.t === 'kw' && t.v === 'interface') {
      this.p++;
      this.expect('{');
      let elems = 0;
      let depth = 0;
      let inElem = false;
      for (;;) {
        const x = this.next();
        if (x.t === 'op' && (x.v === '(' || x.v === '[' || x.v === '{')) depth++;
        else if (x.t === 'op' && (x.v === ')' || x.v === ']')) depth--;
        else if (x.t === 'op' && x.v === '}') { if (depth === 0) break; depth--; }
        if (depth === 0 && x.v === ';' && x.t === 'op') { if (inElem) elems++; inElem = false; } else inElem = true;
      }
      if (inElem) elems++;
      return { k: 'interface', methods: elems };
    }
    if (t.t === 'kw' && t.v === 'struct') { this.p++; return this.structBody(); }
    if (t.t === 'ident') {
      this.p++;
      let pkg;
      let name = t.v;
      if (this.is('.')) { this.p++; pkg = name; name = this.ident(); }
      let args;
      if (this.is('[') && !this.is(']', 1)) {
        // Instantiated generic type. Not expected in config structs.
        args = true;
        this.skipGroup();
      }
      return { k: 'name', pkg, name, generic: args };
    }
    throw new Error(`parse: type expected, got ${t.v}`);
  }
  structBody() {
    this.expect('{');
    const fields = [];
    this.skipSemis();
    while (!this.is('}')) {
      const t = this.peek();
      let names = null;
      let type;
      if (t.t === 'op' && t.v === '*') {
        type = this.type();
      } else if (t.t === 'ident' && (this.is('.', 1) || this.is(';', 1) || this.is('}', 1) || this.peek(1)?.t === 'str')) {
        type = this.type();
      } else {
        names = [this.ident()];
        while (this.is(',')) { this.p++; names.push(this.ident()); }
        type = this.type();
      }
      let tag = null;
      if (this.peek()?.t === 'str') tag = this.next().v;
      if (names === null) {
        const base = type.k === 'ptr' ? type.elem : type;
        fields.push({ name: base.name, embedded: true, type, tag });
      } else for (const nm of names) fields.push({ name: nm, embedded: false, type, tag });
      this.skipSemis();
    }
    this.p++;
    return { k: 'struct', fields };
  }
}

// ---------------------------------------------------------------------------------------------
// Struct tags (reflect.StructTag.Lookup) and encoding/json's tag rules.

function tagLookup(tag, key) {
  if (tag === null) return undefined;
  let s = tag;
  while (s !== '') {
    let i = 0;
    while (i < s.length && s[i] === ' ') i++;
    s = s.slice(i);
    if (s === '') break;
    i = 0;
    while (i < s.length && s[i] > ' ' && s[i] !== ':' && s[i] !== '"' && s.charCodeAt(i) !== 0x7f) i++;
    if (i === 0 || i + 1 >= s.length || s[i] !== ':' || s[i + 1] !== '"') break;
    const name = s.slice(0, i);
    s = s.slice(i + 1);
    i = 1;
    while (i < s.length && s[i] !== '"') { if (s[i] === '\\') i++; i++; }
    if (i >= s.length) break;
    const qvalue = s.slice(0, i + 1);
    s = s.slice(i + 1);
    if (key === name) {
      try { return JSON.parse(goStringToJson(qvalue)); } catch { return undefined; }
    }
  }
  return undefined;
}

function isValidJsonTagName(s) {
  if (s === '') return false;
  for (const c of s) {
    if ('!#$%&()*+-./:;<=>?@[]^_{|}~ '.includes(c)) continue;
    if (!/[\p{L}\p{N}]/u.test(c)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Packages

function git(dir, ...args) {
  return execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

const PREDECLARED = {
  bool: 'bool', string: 'string', int: 'int', int8: 'int8', int16: 'int16', int32: 'int32', int64: 'int64',
  uint: 'uint', uint8: 'uint8', uint16: 'uint16', uint32: 'uint32', uint64: 'uint64', uintptr: 'uintptr',
  byte: 'uint8', rune: 'int32', float32: 'float32', float64: 'float64', complex64: 'complex64', complex128: 'complex128',
};

/** Decoding methods, with the signature each interface needs (json.Unmarshaler, encoding.TextUnmarshaler, envconfig's Decoder and Setter, encoding.BinaryUnmarshaler). */
const DECODER_SIGS = {
  UnmarshalJSON: /^\( (\w+ )?\[ \] byte \) error$/,
  UnmarshalText: /^\( (\w+ )?\[ \] byte \) error$/,
  UnmarshalBinary: /^\( (\w+ )?\[ \] byte \) error$/,
  Decode: /^\( (\w+ )?string \) error$/,
  Set: /^\( (\w+ )?string \) error$/,
};

class World {
  constructor(recipe) {
    this.recipe = recipe;
    this.pkgs = new Map();
    this.readPaths = new Map();
  }
  moduleFor(importPath) {
    let best;
    for (const m of this.recipe.modules) {
      if (importPath === m.module || importPath.startsWith(m.module + '/')) {
        if (best === undefined || m.module.length > best.module.length) best = m;
      }
    }
    if (best === undefined) return undefined;
    const sub = importPath === best.module ? '' : importPath.slice(best.module.length + 1);
    return { mod: best, dir: [best.root, sub].filter(Boolean).join('/') };
  }
  /** Package source: parsed from a mirror, or given by hand in the recipe (stdlib, or a source not to be had). */
  pkg(importPath) {
    if (this.pkgs.has(importPath)) return this.pkgs.get(importPath);
    const given = this.recipe.given?.[importPath];
    if (given !== undefined) {
      const p = { path: importPath, name: given.name, types: new Map(), methods: new Map(), given };
      this.pkgs.set(importPath, p);
      return p;
    }
    const found = this.moduleFor(importPath);
    if (found === undefined) throw new Error(`no source for package ${importPath}`);
    const { mod, dir } = found;
    const listing = git(mod.gitDir, 'ls-tree', '--name-only', `${mod.commit}:${dir}`).split('\n').filter(Boolean);
    const p = { path: importPath, name: '', types: new Map(), methods: new Map() };
    for (const f of listing.sort()) {
      if (!f.endsWith('.go')) continue;
      const rel = [dir, f].filter(Boolean).join('/');
      const src = git(mod.gitDir, 'show', `${mod.commit}:${rel}`);
      if (!fileIncluded(f, src)) continue;
      const parsed = new Parser(lex(src)).file();
      p.name = parsed.pkg;
      const file = { imports: parsed.imports, pkgPath: importPath, name: rel, repo: mod.repo };
      for (const t of parsed.types) p.types.set(t.name, { ...t, file });
      for (const m of parsed.methods) {
        if (!p.methods.has(m.recv)) p.methods.set(m.recv, []);
        p.methods.get(m.recv).push({ name: m.name, ptr: m.ptr, sig: m.sig });
      }
    }
    this.pkgs.set(importPath, p);
    return p;
  }
  noteRead(file) {
    if (file.repo === undefined) return;
    if (!this.readPaths.has(file.repo)) this.readPaths.set(file.repo, new Set());
    this.readPaths.get(file.repo).add(file.name);
  }
  importPathOf(file, alias) {
    for (const im of file.imports) if (im.alias === alias) return im.path;
    for (const im of file.imports) if (im.alias === null && this.packageName(im.path) === alias) return im.path;
    throw new Error(`${file.name}: cannot resolve package ${alias}`);
  }
  packageName(path) {
    if (this.recipe.given?.[path] !== undefined) return this.recipe.given[path].name;
    if (this.moduleFor(path) === undefined) return path.split('/').pop().replace(/^go-/, '').replace(/[.-].*$/, '');
    return this.pkg(path).name;
  }
}

// ---------------------------------------------------------------------------------------------
// Facts

function main() {
  const [recipePath, outPath] = process.argv.slice(2);
  if (recipePath === undefined || outPath === undefined) {
    process.stderr.write('usage: node scripts/extract-config-facts.mjs <recipe.json> <out.json>\n');
    process.exit(2);
  }
  const recipe = loadRecipe(recipePath);
  const world = new World(recipe);
  const types = {};
  const keyOf = new Map();

  function factKey(pkgPath, name) {
    if (pkgPath === recipe.rootPackage) return name;
    return `${recipe.keyPrefix?.[pkgPath] ?? world.packageName(pkgPath)}.${name}`;
  }

  function resolveName(expr, file, pkgPath) {
    return { pkgPath: expr.pkg === undefined ? pkgPath : world.importPathOf(file, expr.pkg), name: expr.name };
  }

  /**
   * Decoding methods of *T, declared or promoted through embedded fields, as name → depth.
   * The shallowest wins; two at the same depth are ambiguous and promote neither; a field of the
   * same name shadows.
   */
  function methodSet(pkgPath, name, seen = new Set()) {
    const id = pkgPath + '.' + name;
    const out = new Map();
    if (seen.has(id)) return out;
    seen.add(id);
    const pkg = world.pkg(pkgPath);
    if (pkg.given !== undefined) {
      for (const m of pkg.given.types?.[name]?.methods ?? []) out.set(m, 0);
      return out;
    }
    const decl = pkg.types.get(name);
    if (decl === undefined) throw new Error(`unknown type ${id}`);
    if (decl.alias) {
      if (decl.expr.k !== 'name' || (decl.expr.pkg === undefined && (PREDECLARED[decl.expr.name] !== undefined || decl.expr.name === 'any'))) return out;
      const t = resolveName(decl.expr, decl.file, pkgPath);
      return methodSet(t.pkgPath, t.name, seen);
    }
    for (const m of pkg.methods.get(name) ?? []) {
      if (DECODER_SIGS[m.name]?.test(m.sig)) out.set(m.name, 0);
    }
    if (decl.expr.k !== 'struct') return out;
    const fieldNames = new Set(decl.expr.fields.map((f) => f.name));
    const promoted = new Map();
    for (const f of decl.expr.fields) {
      if (!f.embedded) continue;
      const base = f.type.k === 'ptr' ? f.type.elem : f.type;
      if (base.k !== 'name' || (base.pkg === undefined && (PREDECLARED[base.name] !== undefined || base.name === 'any' || base.name === 'error'))) continue;
      const t = resolveName(base, decl.file, pkgPath);
      for (const [m, d] of methodSet(t.pkgPath, t.name, new Set(seen))) {
        const cur = promoted.get(m);
        if (cur === undefined || d + 1 < cur.depth) promoted.set(m, { depth: d + 1, count: 1 });
        else if (d + 1 === cur.depth) cur.count++;
      }
    }
    for (const [m, { depth, count }] of promoted) {
      if (out.has(m) || fieldNames.has(m) || count > 1) continue;
      out.set(m, depth);
    }
    return out;
  }

  function ref(expr, file, pkgPath, ownerKey, fieldName) {
    switch (expr.k) {
      case 'ptr': { const e = ref(expr.elem, file, pkgPath, ownerKey, fieldName); return { kind: 'ptr', elem: e, go: '*' + e.go }; }
      case 'slice': { const e = ref(expr.elem, file, pkgPath, ownerKey, fieldName); return { kind: 'slice', elem: e, go: '[]' + e.go }; }
      case 'array': { const e = ref(expr.elem, file, pkgPath, ownerKey, fieldName); return { kind: 'array', len: expr.len, elem: e, go: `[${expr.len}]` + e.go }; }
      case 'map': { const k = ref(expr.key, file, pkgPath, ownerKey, fieldName); const e = ref(expr.elem, file, pkgPath, ownerKey, fieldName); return { kind: 'map', key: k, elem: e, go: `map[${k.go}]${e.go}` }; }
      case 'chan': { const e = ref(expr.elem, file, pkgPath, ownerKey, fieldName); return { kind: 'chan', elem: e, go: 'chan ' + e.go }; }
      case 'func': return { kind: 'func', go: 'func(...)' };
      case 'interface': return expr.methods === 0 ? { kind: 'interface', go: 'interface {}' } : { kind: 'interface', methods: expr.methods, go: 'interface {...}' };
      case 'struct': {
        if (ownerKey === undefined) throw new Error('anonymous struct outside a field');
        const key = `${ownerKey}.${fieldName}`;
        types[key] = { kind: 'struct', anonymous: true, go: '', pkg: pkgPath, file: file.name, fields: structFields(expr, file, pkgPath, key) };
        types[key].go = anonymousGoString(types[key]);
        return { kind: 'struct', name: key, go: types[key].go };
      }
      case 'name': {
        if (expr.generic) throw new Error(`generic type ${expr.name} not supported`);
        if (expr.pkg === undefined && PREDECLARED[expr.name] !== undefined) return { kind: PREDECLARED[expr.name], go: PREDECLARED[expr.name] };
        if (expr.pkg === undefined && expr.name === 'any') return { kind: 'interface', go: 'interface {}' };
        if (expr.pkg === undefined && expr.name === 'error') return { kind: 'interface', methods: 1, go: 'error' };
        const t = resolveName(expr, file, pkgPath);
        return named(t.pkgPath, t.name);
      }
      default: throw new Error('unknown type expression ' + expr.k);
    }
  }

  /** TypeRef of a named type; struct types and types with decoding methods get an entry in `types`. */
  function named(pkgPath, name) {
    const id = pkgPath + '.' + name;
    const pkg = world.pkg(pkgPath);
    const goName = `${pkg.name}.${name}`;
    if (pkg.given !== undefined) {
      const g = pkg.given.types?.[name];
      if (g === undefined) throw new Error(`no given facts for ${id}`);
      if (g.ref !== undefined) return { ...g.ref, go: goName };
      const key = factKey(pkgPath, name);
      if (!keyOf.has(id)) {
        keyOf.set(id, key);
        const entry = { kind: g.kind, go: goName, pkg: pkgPath };
        types[key] = entry;
        if (g.methods !== undefined && g.methods.length > 0) entry.methods = [...g.methods].sort();
        const gfile = { imports: Object.entries(pkg.given.imports ?? {}).map(([alias, path]) => ({ alias, path })), name: `(given ${pkgPath})`, pkgPath };
        if (g.fields !== undefined) {
          const src = `struct {\n${g.fields.join('\n')}\n}\n`;
          entry.fields = structFields(new Parser(lex(src)).type(), gfile, pkgPath, key);
        }
        if (g.underlying !== undefined) {
          entry.underlying = g.underlying === 'struct' ? { kind: 'struct' } : ref(new Parser(lex(g.underlying + '\n')).type(), gfile, pkgPath);
        }
        for (const k of ['json', 'env', 'inferred', 'source', 'note']) if (g[k] !== undefined) entry[k] = g[k];
      }
      return { kind: types[key].kind, name: key, go: goName };
    }
    const decl = pkg.types.get(name);
    if (decl === undefined) throw new Error(`unknown type ${id}`);
    if (decl.generic) throw new Error(`generic type ${id} not supported`);
    world.noteRead(decl.file);
    if (decl.alias) return ref(decl.expr, decl.file, pkgPath);
    const methods = [...methodSet(pkgPath, name).keys()].sort();
    if (decl.expr.k === 'struct' || methods.length > 0) {
      const key = factKey(pkgPath, name);
      if (!keyOf.has(id)) {
        keyOf.set(id, key);
        const custom = methods.length > 0;
        const entry = { kind: custom ? 'custom' : 'struct', go: goName, pkg: pkgPath, file: decl.file.name };
        types[key] = entry;
        if (custom) {
          entry.methods = methods;
          entry.json = { via: methods.includes('UnmarshalJSON') ? 'UnmarshalJSON' : methods.includes('UnmarshalText') ? 'UnmarshalText' : 'underlying' };
          entry.env = { via: ['Decode', 'Set', 'UnmarshalText', 'UnmarshalBinary'].find((m) => methods.includes(m)) ?? 'underlying' };
          const annotation = recipe.customNotes?.[key];
          if (annotation?.json !== undefined) Object.assign(entry.json, annotation.json);
          if (annotation?.env !== undefined) Object.assign(entry.env, annotation.env);
        }
        if (decl.expr.k === 'struct') {
          if (custom) entry.underlying = { kind: 'struct' };
          entry.fields = structFields(decl.expr, decl.file, pkgPath, key);
        } else entry.underlying = ref(decl.expr, decl.file, pkgPath);
      }
      return { kind: types[key].kind, name: key, go: goName };
    }
    // A named non-struct type without decoding methods decodes as its underlying type.
    return { ...ref(decl.expr, decl.file, pkgPath), go: goName };
  }

  function structFields(st, file, pkgPath, ownerKey) {
    return st.fields.map((f) => {
      const out = { go: f.name };
      const jsonTag = tagLookup(f.tag, 'json');
      if (jsonTag === undefined) out.json = null;
      else {
        const [nm, ...opts] = jsonTag.split(',');
        out.json = nm === '-' && opts.length === 0 ? '-' : isValidJsonTagName(nm) ? nm : null;
        if (opts.length > 0) out.jsonOptions = opts;
      }
      out.type = ref(f.type, file, pkgPath, ownerKey, f.name);
      const env = tagLookup(f.tag, 'envconfig');
      if (env !== undefined) out.envconfig = env;
      for (const [tagKey, prop] of [['ignored', 'ignored'], ['split_words', 'splitWords'], ['required', 'required']]) {
        const v = tagLookup(f.tag, tagKey);
        if (v !== undefined) out[prop] = parseGoBool(v) ?? false;
      }
      const def = tagLookup(f.tag, 'default');
      if (def !== undefined) out.default = def;
      if (f.embedded) out.embedded = true;
      if (!/^\p{Lu}/u.test(f.name)) out.exported = false;
      if (f.tag !== null) out.tag = f.tag;
      return out;
    });
  }

  function anonymousGoString(entry) {
    const parts = entry.fields.map((f) => {
      const tag = f.tag !== undefined ? ' ' + JSON.stringify(f.tag) : '';
      return f.embedded ? `${f.type.go}${tag}` : `${f.go} ${f.type.go}${tag}`;
    });
    return `struct { ${parts.join('; ')} }`;
  }

  const rootRef = named(recipe.rootPackage, recipe.root);
  const extraRoots = (recipe.extraRoots ?? []).map((r) => {
    const { package: pkgPath, type, ...rest } = r;
    return { ...rest, root: named(pkgPath, type).name };
  });

  const modules = recipe.modules.map((m) => ({
    module: m.module,
    ...(m.required ? { required: m.required } : {}),
    repo: m.repo,
    commit: m.commit,
    ...(m.tag ? { tag: m.tag } : {}),
    ...(m.note ? { note: m.note } : {}),
    paths: [...(world.readPaths.get(m.repo) ?? [])].sort(),
  })).filter((m) => m.paths.length > 0);
  const mainMod = modules.find((m) => m.repo === recipe.source.repo);
  const given = Object.entries(recipe.given ?? {})
    .filter(([path]) => world.pkgs.has(path))
    .map(([path, g]) => ({ package: path, ...(g.note ? { note: g.note } : {}) }));
  const facts = {
    source: {
      ...recipe.source,
      paths: mainMod?.paths ?? [],
      modules: modules.filter((m) => m !== mainMod),
      given,
      build: recipe.build,
    },
    decoders: recipe.decoders,
    root: rootRef.name,
    ...(extraRoots.length > 0 ? { extraRoots } : {}),
    ...(recipe.envSpecial ? { envSpecial: recipe.envSpecial } : {}),
    types: Object.fromEntries(Object.keys(types).sort().map((k) => [k, types[k]])),
  };
  writeFileSync(outPath, JSON.stringify(facts, null, 2) + '\n');
  const nFields = Object.values(types).reduce((a, t) => a + (t.fields?.length ?? 0), 0);
  process.stderr.write(`${Object.keys(types).length} types, ${nFields} fields -> ${outPath}\n`);
}

/** A recipe, merged over the one it `extends` (objects merge key by key; arrays and scalars replace). */
function loadRecipe(path) {
  const own = JSON.parse(readFileSync(path, 'utf8'));
  const base = own.extends === undefined ? {} : loadRecipe(join(dirname(path), own.extends));
  delete own.extends;
  const merged = merge(base, own);
  const mirror = process.env.MIRROR ?? '/work/.mirror';
  for (const m of merged.modules ?? []) m.gitDir = m.gitDir.replace('$MIRROR', mirror);
  return merged;
}
function merge(a, b) {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b)) return b;
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in a ? merge(a[k], v) : v;
  return out;
}

function parseGoBool(s) {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

main();
