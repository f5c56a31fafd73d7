// Bigger guidelines for the scaling run: in a .guide text and a factor k, out a guideline with k copies of
// every section (copy i renames section ids to `<id>.<100+i>` and facts to `<name>_c<i>`,
// declaring the renamed facts). Strings and comments are left as they are, so citations still check.

/** Split a guide text into the part before the first section and the sections themselves. */
function splitSections(text: string): { head: string; sections: string[] } {
  const starts: number[] = [];
  const re = /^section\s/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index);
  if (!starts.length) return { head: text, sections: [] };
  const sections = starts.map((s, i) => text.slice(s, i + 1 < starts.length ? starts[i + 1] : text.length));
  return { head: text.slice(0, starts[0]), sections };
}

/** Apply `f` to every code run of the text (outside "strings" and // comments). */
function mapCode(text: string, f: (code: string) => string): string {
  let out = "", i = 0, start = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      out += f(text.slice(start, i));
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = start = j + 1;
    } else if (c === "/" && text[i + 1] === "/") {
      out += f(text.slice(start, i));
      let j = text.indexOf("\n", i);
      if (j < 0) j = text.length;
      out += text.slice(i, j);
      i = start = j;
    } else i++;
  }
  return out + f(text.slice(start));
}

/** The declared fact names (`name: type "question"` inside `facts { … }`). */
function factDecls(head: string): { names: string[]; block: string } {
  const at = head.search(/^facts\s*\{/m);
  if (at < 0) return { names: [], block: "" };
  let depth = 0, end = at;
  const code = mapCode(head.slice(at), (s) => s.replace(/[^{}]/g, " ")); // braces in strings don't count
  for (let i = 0; i < code.length; i++) {
    if (code[i] === "{") depth++;
    else if (code[i] === "}" && --depth === 0) { end = at + i + 1; break; }
  }
  const block = head.slice(at, end);
  const names = [...mapCode(block, (s) => s).matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:/gm)].map((m) => m[1]);
  return { names, block };
}

const SECTION_ID = /[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-[0-9](?:[0-9.]*[0-9])?/g;

export function scaleGuide(text: string, k: number): string {
  if (k <= 1) return text;
  const { head, sections } = splitSections(text);
  const { names, block } = factDecls(head);
  // A fact name that appears again in the head (as an indication, an enumeration value, in a guideline-wide
  // definition) is shared by the copies rather than renamed, so those other uses stay right.
  const headWords = new Map<string, number>();
  mapCode(head, (code) => { for (const m of code.matchAll(/\b[A-Za-z_][A-Za-z0-9_]*\b/g)) headWords.set(m[0], (headWords.get(m[0]) ?? 0) + 1); return code; });
  const factNames = new Set(names.filter((n) => headWords.get(n) === 1));
  const sectionIds = new Set(sections.map((s) => /^section\s+(\S+)/.exec(s)?.[1]).filter((x): x is string => !!x));
  // Rule labels are not renamed: they are local to a section, and a label may also be a word used as a value.
  const labels = new Set(sections.flatMap((s) => [...mapCode(s, (c) => c).matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?:approve|deny|review|pend|refer)\b/gm)].map((m) => m[1])));
  const renameWords = (code: string, i: number, words: Set<string>): string => code.replace(/\b[A-Za-z_][A-Za-z0-9_]*\b/g, (w) => (words.has(w) ? `${w}_c${i}` : w));
  const inSections = new Set([...factNames].filter((n) => !labels.has(n)));
  const copy = (s: string, i: number): string =>
    mapCode(s, (code) => renameWords(code.replace(SECTION_ID, (id) => (sectionIds.has(id) ? `${id}.${100 + i}` : id)), i, inSections));
  const inner = block.slice(block.indexOf("{") + 1, block.lastIndexOf("}"));
  const extraFacts: string[] = [];
  const extraSections: string[] = [];
  for (let i = 1; i < k; i++) {
    // The declarations again, renamed, with their groups titled "Copy i: …"; undeclared copies of shared facts are dropped.
    const renamed = mapCode(inner, (code) => renameWords(code, i, factNames)).replace(/\bgroup\s+"/g, `group "Copy ${i}: `);
    // A shared fact's whole declaration is dropped: its first line and every more-indented line after it (a one-of's
    // values, its question, `yes when`, `not documented means` and note lines).
    const kept: string[] = [];
    let dropIndent = -1;
    for (const line of renamed.split("\n")) {
      const indent = line.length - line.trimStart().length;
      // (A one-of list closes with `}` at the declaration's own indent.)
      if (dropIndent >= 0 && (indent > dropIndent || line.trim() === "" || (/^\s*\}\s*$/.test(line) && indent === dropIndent))) continue;
      dropIndent = -1;
      if (names.some((n) => !factNames.has(n) && new RegExp(`^\\s*${n}\\s*:`).test(line))) { dropIndent = indent; continue; }
      if (/^\s*replaces\s/.test(line)) continue; // an old name is taken over once, by the original
      kept.push(line);
    }
    extraFacts.push(kept.join("\n"));
    for (const s of sections) extraSections.push(copy(s, i));
  }
  const newBlock = block.slice(0, block.lastIndexOf("}")) + extraFacts.join("\n") + "\n}";
  return head.replace(block, newBlock) + sections.join("") + "\n" + extraSections.join("\n");
}
