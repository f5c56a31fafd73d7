// CST (from parser.ts) -> AST (ast.ts) with a half-open range on every node.
// Tolerates the partial trees that error recovery leaves: a missing piece becomes undefined or an Error node.
import type { CstNode, IToken, CstElement } from "chevrotain";
import type * as A from "./ast.ts";

type Kids = Record<string, CstElement[] | undefined>;
const isToken = (e: CstElement): e is IToken => (e as IToken).image !== undefined;
const kids = (n: CstNode | undefined): Kids => (n?.children ?? {}) as Kids;
/** A token the source really has (not one error recovery inserted). */
const isReal = (e: CstElement): e is IToken => isToken(e) && !e.isInsertedInRecovery && !Number.isNaN(e.startOffset);
function toks(n: CstNode | undefined, name: string): IToken[] {
  const out: IToken[] = [];
  const list = kids(n)[name];
  if (list) for (const e of list) if (isReal(e)) out.push(e);
  return out;
}
/** The i-th real token of that name (what toks(n, name)[i] gives, without building the list). */
function tok(n: CstNode | undefined, name: string, i = 0): IToken | undefined {
  const list = kids(n)[name];
  if (list) for (const e of list) if (isReal(e) && i-- === 0) return e;
  return undefined;
}
function nodes(n: CstNode | undefined, name: string): CstNode[] {
  const out: CstNode[] = [];
  const list = kids(n)[name];
  if (list) for (const e of list) if (!isToken(e)) out.push(e);
  return out;
}
function node(n: CstNode | undefined, name: string, i = 0): CstNode | undefined {
  const list = kids(n)[name];
  if (list) for (const e of list) if (!isToken(e) && i-- === 0) return e;
  return undefined;
}

export const startOf = (t: IToken): A.Position => ({ line: t.startLine ?? 1, column: t.startColumn ?? 1, offset: t.startOffset });
export const endOf = (t: IToken): A.Position => ({ line: t.endLine ?? t.startLine ?? 1, column: (t.endColumn ?? t.startColumn ?? 0) + 1, offset: (t.endOffset ?? t.startOffset) + 1 });
export const tokenRange = (t: IToken): A.Range => ({ start: startOf(t), end: endOf(t) });

/** All real tokens under a CST node, in source order. */
export function allTokens(n: CstNode | undefined, out: IToken[] = []): IToken[] {
  for (const list of Object.values(kids(n))) for (const e of list ?? []) {
    if (isToken(e)) { if (!e.isInsertedInRecovery && !Number.isNaN(e.startOffset)) out.push(e); } else allTokens(e, out);
  }
  return out;
}
const EMPTY: A.Range = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
export function rangeOf(n: CstNode | undefined): A.Range {
  // Chevrotain tracks each node's first and last real token (nodeLocationTracking "full"); the location is
  // NaN only for a node with no real token (error recovery), where the walk below gives EMPTY or the same.
  const loc = n?.location;
  if (loc !== undefined && !Number.isNaN(loc.startOffset) && loc.endOffset !== undefined && !Number.isNaN(loc.endOffset)) {
    return {
      start: { line: loc.startLine ?? 1, column: loc.startColumn ?? 1, offset: loc.startOffset },
      end: { line: loc.endLine ?? loc.startLine ?? 1, column: (loc.endColumn ?? loc.startColumn ?? 0) + 1, offset: loc.endOffset + 1 },
    };
  }
  return rangeOfTokens(n);
}
/** The range from a walk of every real token under the node (the fallback when Chevrotain has no location). */
export function rangeOfTokens(n: CstNode | undefined): A.Range {
  const ts = allTokens(n);
  if (ts.length === 0) return EMPTY;
  let first = ts[0], last = ts[0];
  for (const t of ts) { if (t.startOffset < first.startOffset) first = t; if (t.startOffset > last.startOffset) last = t; }
  return { start: startOf(first), end: endOf(last) };
}
const span = (a: A.Range, b: A.Range): A.Range => ({ start: a.start, end: b.end });

const unquote = (image: string): string => image.slice(1, -1).replace(/\\(["\\])/g, "$1");
const name = (t: IToken): A.Name => ({ text: t.image, range: tokenRange(t) });
const str = (t: IToken): A.Str => ({ value: unquote(t.image), range: tokenRange(t) });
const optName = (t: IToken | undefined): A.Name | undefined => (t ? name(t) : undefined);
const optStr = (t: IToken | undefined): A.Str | undefined => (t ? str(t) : undefined);

export function buildFile(cst: CstNode): A.GuideFile {
  const file: A.GuideFile = {
    kind: "File", range: rangeOf(cst), header: undefined,
    externals: [], indications: [], enums: [], studies: [], studySets: [], facts: [], definitions: [], requires: [], sections: [],
  };
  const h = node(cst, "header");
  const hid = tok(h, "Identifier") ?? tok(h, "SectionId");
  const hs = toks(h, "StringLit");
  if (h && hid && hs[0]) {
    const hasVersion = tok(h, "Version") !== undefined;
    file.header = {
      kind: "Header", range: rangeOf(h), id: name(hid), title: str(hs[0]),
      version: hasVersion ? optStr(hs[1]) : undefined,
      source: tok(h, "Source") ? optStr(hs[hasVersion ? 2 : 1]) : undefined,
    };
    const dates = toks(h, "DateLit");
    if (tok(h, "Effective") && dates[0]) file.header.effective = name(dates[0]);
    if (tok(h, "Through") && dates[1]) file.header.through = name(dates[1]);
  }
  for (const top of nodes(cst, "topLevel")) {
    const ext = node(top, "externalDecl");
    if (ext) {
      const id = tok(ext, "SectionId"), ss = toks(ext, "StringLit");
      if (id && ss[0]) file.externals.push({ kind: "External", range: rangeOf(ext), id: name(id), title: str(ss[0]), inSet: optStr(ss[1]) });
    }
    const ind = node(top, "indicationsDecl");
    if (ind) {
      const ids = toks(ind, "Identifier"), ss = toks(ind, "StringLit");
      ids.forEach((id, i) => file.indications.push({ kind: "EnumValue", range: ss[i] ? span(tokenRange(id), tokenRange(ss[i])) : tokenRange(id), name: name(id), label: optStr(ss[i]) }));
    }
    const en = node(top, "enumDecl");
    if (en) {
      const id = tok(en, "Identifier") ?? tok(en, "Region");
      if (id) file.enums.push({ kind: "Enum", range: rangeOf(en), name: name(id), values: enumValues(node(en, "enumBody")) });
    }
    const st = node(top, "studiesDecl");
    if (st) for (const sd of nodes(st, "studyDecl")) {
      const cpt = tok(sd, "Cpt"), desc = tok(sd, "StringLit"), mod = tok(sd, "Modality"), reg = tok(sd, "Identifier");
      if (cpt && desc && mod && reg) file.studies.push({
        kind: "Study", range: rangeOf(sd), cpt: name(cpt), description: str(desc), modality: name(mod), region: name(reg),
        contrast: contrastOf(node(sd, "contrastSpec")), notes: notesOf(sd),
      });
    }
    const ss = node(top, "studySetDecl");
    if (ss) {
      const id = tok(ss, "Identifier"), sl = node(ss, "studyList");
      if (id) file.studySets.push({ kind: "StudySet", range: rangeOf(ss), name: name(id), studies: sl ? studyList(sl) : [], notes: notesOf(ss) });
    }
    const rq = node(top, "requiresClause");
    if (rq) file.requires.push(buildRequires(rq));
    const fa = node(top, "factsDecl");
    if (fa) {
      for (const fd of nodes(fa, "factDecl")) pushFact(file.facts, fd, undefined);
      for (const g of nodes(fa, "factGroup")) {
        const title = tok(g, "StringLit");
        for (const fd of nodes(g, "factDecl")) pushFact(file.facts, fd, title ? unquote(title.image) : undefined);
      }
      file.facts.sort((a, b) => a.range.start.offset - b.range.start.offset);
    }
    const def = node(top, "defineDecl");
    if (def) { const d = buildDefine(def); if (d) file.definitions.push(d); }
    const sec = node(top, "sectionDecl");
    if (sec) { const s = buildSection(sec); if (s) file.sections.push(s); }
  }
  return file;
}

function enumValues(body: CstNode | undefined): A.EnumValueDecl[] {
  return nodes(body, "enumValue").flatMap((v) => {
    const id = tok(v, "Identifier");
    if (!id) return [];
    const label = tok(v, "StringLit");
    return [{ kind: "EnumValue" as const, range: rangeOf(v), name: name(id), label: optStr(label) }];
  });
}

function notesOf(n: CstNode): A.Str[] {
  return nodes(n, "noteLine").flatMap((nl) => { const s = tok(nl, "StringLit"); return s ? [str(s)] : []; });
}
function citesOf(n: CstNode): A.Str[] {
  return nodes(n, "citeLine").flatMap((cl) => { const s = tok(cl, "StringLit"); return s ? [str(s)] : []; });
}

function contrastOf(c: CstNode | undefined): A.ContrastKind | undefined {
  if (!c) return undefined;
  if (tok(c, "And")) return "without_and_with";
  if (tok(c, "Without")) return "without";
  if (tok(c, "With")) return "with";
  return undefined;
}

function pushFact(out: A.FactDecl[], fd: CstNode, group: string | undefined): void {
  const id = tok(fd, "Identifier"), q = tok(fd, "StringLit"), ft = node(fd, "factType");
  if (!id || !q || !ft) return;
  let type: A.FactTypeAst | undefined;
  if (tok(ft, "YesNo")) type = { kind: "bool" };
  else if (tok(ft, "NumberKw")) {
    const fb = node(ft, "factBounds");
    const u = tok(ft, "Unit") ?? (fb ? undefined : allTokens(ft).find((t) => t.tokenType.CATEGORIES?.some((c) => c.name === "Unit")));
    type = { kind: "number", unit: optName(u), ...factBounds(fb) };
  }
  else if (tok(ft, "Duration")) type = { kind: "duration", ...factBounds(node(ft, "factBounds")) };
  else if (tok(ft, "DateKw")) type = { kind: "date" };
  else {
    const ref = node(ft, "enumRef");
    const refTok = tok(ref, "Identifier") ?? tok(ref, "Region");
    const body = node(ref, "enumBody");
    const r: A.Name | A.EnumValueDecl[] | undefined = refTok ? name(refTok) : body ? enumValues(body) : undefined;
    if (r === undefined) return;
    type = tok(ft, "One") ? { kind: "enum", ref: r } : { kind: "set", ref: r };
  }
  const rep = toks(node(fd, "replacesLine"), "Identifier").map(name);
  const implied: A.FactImplication[] = [];
  let notDocumented: A.FactDecl["notDocumented"];
  for (const c of nodes(fd, "factClause")) {
    const value = tok(c, "Yes") !== undefined;
    const word = tok(c, "Identifier");
    if (tok(c, "Documented")) notDocumented = { value: word ? name(word) : value, range: rangeOf(c) };
    else { const e = node(c, "expr"); implied.push({ value, range: rangeOf(c), expr: e ? buildExpr(e) : errorExpr(rangeOf(c)) }); }
  }
  out.push({
    kind: "Fact", range: rangeOf(fd), name: name(id), type, typeRange: rangeOf(ft), question: str(q), group, notes: notesOf(fd),
    ...(rep.length ? { replaces: rep } : {}), implied, ...(notDocumented ? { notDocumented } : {}),
  });
}

/** `within LOW..HIGH [UNIT]`, when both numbers are there (recovery may have dropped one). */
function factBounds(fb: CstNode | undefined): { bounds?: A.FactBounds } {
  const low = tok(fb, "NumberLit"), high = tok(fb, "NumberLit", 1);
  if (!fb || !low || !high) return {};
  return { bounds: { range: rangeOf(fb), low: name(low), high: name(high), unit: optName(tok(fb, "Unit")) } };
}

function buildDefine(def: CstNode): A.DefineDecl | undefined {
  const id = tok(def, "Identifier");
  if (!id) return undefined;
  return { kind: "Define", range: rangeOf(def), name: name(id), expr: buildExpr(node(def, "expr")), notes: notesOf(def) };
}

function buildSection(sec: CstNode): A.SectionDecl | undefined {
  const id = tok(sec, "SectionId"), title = tok(sec, "StringLit");
  if (!id || !title) return undefined;
  const s: A.SectionDecl = {
    kind: "Section", range: rangeOf(sec), id: name(id), title: str(title),
    applies: [], notes: [], requires: [], definitions: [], rules: [], sees: [], examples: [],
  };
  for (const item of nodes(sec, "sectionItem")) {
    const ap = node(item, "appliesClause");
    if (ap) s.applies.push(buildExpr(node(ap, "expr")));
    const nl = node(item, "noteLine");
    if (nl) { const t = tok(nl, "StringLit"); if (t) s.notes.push(str(t)); }
    const rq = node(item, "requiresClause");
    if (rq) s.requires.push(buildRequires(rq));
    const df = node(item, "defineDecl");
    if (df) { const d = buildDefine(df); if (d) s.definitions.push(d); }
    const rd = node(item, "ruleDecl");
    if (rd) { const r = buildRule(rd); if (r) s.rules.push(r); }
    const see = node(item, "seeClause");
    if (see) { const t = tok(see, "SectionId"); if (t) s.sees.push(name(t)); }
    const ex = node(item, "exampleDecl");
    if (ex) { const e = buildExample(ex); if (e) s.examples.push(e); }
  }
  return s;
}

function buildRequires(rq: CstNode): A.RequiresClause {
  const sl = node(rq, "studyList");
  return {
    kind: "Requires", range: rangeOf(rq), expr: buildExpr(node(rq, "expr")), studies: sl ? studyList(sl) : undefined,
    ...(tok(rq, "Except") ? { except: toks(rq, "SectionId").map(name) } : {}), cites: citesOf(rq), notes: notesOf(rq),
  };
}

function buildRule(rd: CstNode): A.RuleDecl | undefined {
  const rk = node(rd, "ruleKind");
  if (!rk) return undefined;
  const kw = tok(rk, "Approve") ?? tok(rk, "Deny") ?? tok(rk, "Review") ?? tok(rk, "Pend") ?? tok(rk, "Refer");
  if (!kw) return undefined;
  const outcome = kw.image as A.RuleOutcome;
  const sl = node(rk, "studyList");
  const label = tok(rd, "Identifier");
  return {
    kind: "Rule", range: rangeOf(rd), label: optName(label), outcome, outcomeRange: tokenRange(kw),
    studies: sl ? studyList(sl) : [], target: optName(tok(rk, "SectionId")),
    when: node(rd, "expr") ? buildExpr(node(rd, "expr")) : undefined, cites: citesOf(rd), notes: notesOf(rd),
  };
}

function studyList(sl: CstNode): A.StudyPattern[] {
  return nodes(sl, "studyPattern").flatMap((p) => { const x = studyPattern(p); return x ? [x] : []; });
}

function studyPattern(p: CstNode): A.StudyPattern | undefined {
  const range = rangeOf(p);
  const cpt = tok(p, "Cpt");
  if (cpt) return { kind: "Cpt", cpt: cpt.image, range };
  const mod = tok(p, "Modality");
  if (!mod) {
    const set = tok(p, "Identifier");
    if (set) return { kind: "Set", name: name(set), range };
    return tok(p, "Study") ? { kind: "AnyStudy", range } : undefined;
  }
  const contrast = nodes(p, "contrastSpec").map(contrastOf).filter((c): c is A.ContrastKind => c !== undefined);
  const reg = tok(p, "Identifier");
  return { kind: "Pattern", range, modality: mod.image, contrast, region: reg ? name(reg) : tok(p, "Region") ? "any" : undefined };
}

function buildExample(ex: CstNode): A.ExampleDecl | undefined {
  const title = tok(ex, "StringLit");
  if (!title) return undefined;
  const e: A.ExampleDecl = { kind: "Example", range: rangeOf(ex), title: str(title), given: [] };
  for (const item of nodes(ex, "exampleItem")) {
    if (tok(item, "Given")) for (const g of nodes(item, "givenItem")) { const gi = givenItem(g); if (gi) e.given.push(gi); }
    const d = tok(item, "DateLit");
    if (tok(item, "As") && d) e.asOf = name(d);
    const c = tok(item, "Cpt");
    if (tok(item, "Request") && c) e.request = name(c);
    const oc = node(item, "outcome");
    if (tok(item, "Expect") && oc) {
      const t = allTokens(oc)[0];
      if (t) e.expect = {
        outcome: t.image as A.ExampleOutcome, range: rangeOf(item), target: optName(tok(item, "SectionId")),
        missing: tok(item, "Missing") ? toks(item, "Identifier").map(name) : undefined,
      };
    }
  }
  return e;
}

function givenItem(g: CstNode): A.GivenItem | undefined {
  const id = tok(g, "Identifier");
  if (!id) return undefined;
  const documented = tok(g, "Documented") !== undefined;
  const gi: A.GivenItem = { range: rangeOf(g), name: name(id), negated: !documented && tok(g, "Not") !== undefined, ...(documented ? { notDocumented: true as const } : {}) };
  const v = node(g, "givenValue");
  if (v) {
    const range = rangeOf(v);
    const nums = toks(v, "NumberLit");
    if (nums.length > 0) {
      // Pair each number with the unit token that follows it (if any).
      const ts = allTokens(v).sort((a, b) => a.startOffset - b.startOffset);
      const parts: { value: number; unit?: string }[] = [];
      for (const t of ts) {
        if (t.tokenType.name === "NumberLit") parts.push({ value: Number(t.image) });
        else if (t.tokenType.CATEGORIES?.some((c) => c.name === "Unit") && parts.length) parts[parts.length - 1].unit = t.image;
      }
      gi.value = { kind: "Quantity", range, parts, ago: tok(v, "Ago") !== undefined };
    } else if (tok(v, "DateLit")) gi.value = { kind: "Date", range, value: tok(v, "DateLit")!.image };
    else if (tok(v, "LCurly")) gi.value = { kind: "Set", range, values: toks(v, "Identifier").map(name) };
    else if (tok(v, "Identifier")) gi.value = { kind: "Word", range, value: tok(v, "Identifier")!.image };
  }
  return gi;
}

// ---- expressions ----
const errorExpr = (range: A.Range): A.Expr => ({ kind: "Error", range });

export function buildExpr(e: CstNode | undefined): A.Expr {
  if (!e) return errorExpr(EMPTY);
  const parts = nodes(e, "andExpr").map(buildAnd);
  if (parts.length === 0) return errorExpr(rangeOf(e));
  return parts.length === 1 ? parts[0] : { kind: "Or", args: parts, range: rangeOf(e) };
}
function buildAnd(e: CstNode): A.Expr {
  const parts = nodes(e, "notExpr").map(buildNot);
  if (parts.length === 0) return errorExpr(rangeOf(e));
  return parts.length === 1 ? parts[0] : { kind: "And", args: parts, range: rangeOf(e) };
}
function buildNot(e: CstNode): A.Expr {
  const inner = node(e, "notExpr");
  if (tok(e, "Not")) return { kind: "Not", arg: inner ? buildNot(inner) : errorExpr(rangeOf(e)), range: rangeOf(e) };
  const at = node(e, "atom");
  return at ? buildAtom(at) : errorExpr(rangeOf(e));
}
function exprList(l: CstNode | undefined): A.Expr[] {
  return nodes(l, "expr").map(buildExpr);
}
/** The `cite` of each item of a list (parallel to exprList's items), or undefined when no item has one. */
function itemCites(l: CstNode | undefined): { itemCites?: (A.Str | undefined)[] } {
  const cites = nodes(l, "citeLine");
  if (!cites.length) return {};
  const items = nodes(l, "expr");
  const out: (A.Str | undefined)[] = items.map(() => undefined);
  for (const c of cites) {
    const s = tok(c, "StringLit");
    if (!s) continue;
    // A cite belongs to the last item that starts before it.
    let k = -1;
    for (let i = 0; i < items.length; i++) if (rangeOf(items[i]).start.offset < s.startOffset) k = i;
    if (k >= 0) out[k] = str(s);
  }
  return { itemCites: out };
}
function buildAtom(a: CstNode): A.Expr {
  const range = rangeOf(a);
  if (tok(a, "LParen")) { const inner = buildExpr(node(a, "expr")); return { ...inner, range } as A.Expr; }
  if (tok(a, "At")) {
    const n = tok(a, "NumberLit");
    return { kind: "AtLeast", n: n ? Number(n.image) : 1, args: exprList(node(a, "exprList")), ...itemCites(node(a, "exprList")), range };
  }
  const q = tok(a, "Any") ? "any" : tok(a, "All") ? "all" : tok(a, "None") ? "none" : undefined;
  if (q) return { kind: "Quantifier", q, args: exprList(node(a, "exprList")), ...itemCites(node(a, "exprList")), range };
  if (tok(a, "Supported")) return { kind: "SupportedElsewhere", range };
  if (tok(a, "Requested")) {
    const p = node(a, "studyPattern");
    const pat = p ? studyPattern(p) : undefined;
    return pat ? { kind: "Requested", pattern: pat, range } : errorExpr(range);
  }
  const id = tok(a, "Identifier");
  if (!id) return errorExpr(range);
  const subject = name(id);
  const pf = node(a, "postfix");
  if (!pf) return { kind: "Ref", name: subject, range };
  const opTok = allTokens(pf).find((t) => t.tokenType.CATEGORIES?.some((c) => c.name === "CmpOp"));
  const unitTok = allTokens(pf).find((t) => t.tokenType.CATEGORIES?.some((c) => c.name === "Unit"));
  const num = tok(pf, "NumberLit");
  if (opTok) {
    const op = ({ "≥": ">=", "≤": "<=", "≠": "!=" } as Record<string, A.CmpOperator>)[opTok.image] ?? (opTok.image as A.CmpOperator);
    return num ? { kind: "Compare", subject, op, value: Number(num.image), unit: optName(unitTok), range } : errorExpr(range);
  }
  if (tok(pf, "Within")) {
    return num && unitTok ? { kind: "Within", subject, value: Number(num.image), unit: name(unitTok), range } : errorExpr(range);
  }
  const nl = node(pf, "nameList");
  const listNames = toks(nl, "Identifier").map(name);
  if (tok(pf, "Is")) {
    const single = tok(pf, "Identifier");
    return { kind: "Is", subject, negated: tok(pf, "Not") !== undefined, values: nl ? listNames : single ? [name(single)] : [], oneOf: nl !== undefined, range };
  }
  if (tok(pf, "Has")) {
    const single = tok(pf, "Identifier");
    return { kind: "Has", subject, mode: tok(pf, "All") ? "all" : "any", values: nl ? listNames : single ? [name(single)] : [], range };
  }
  return errorExpr(range);
}
