// Source text + checked model -> the traceability report: every actionable sentence of the guideline's
// source (those that approve, support, indicate, deny, forward for review or refer elsewhere) with the
// rules that cite it, and the ones no rule cites (or that a section note explains as deliberately not encoded).
import type { Model } from "./model.ts";
import { normaliseSource, normaliseQuote } from "./check/citations.ts";

export interface SourceSentence { text: string; line: number; section: string; start: number; end: number; actionable: boolean }
export interface TracedSentence extends SourceSentence { citedBy: string[]; explainedBy: string[] }
export interface TraceReport { sentences: TracedSentence[]; actionable: number; cited: number; explained: number; uncited: TracedSentence[] }

/** Words that make a sentence a decision the guideline takes, rather than background. */
const ACTIONABLE = /\b(approved?|support(ed)?|indicated|appropriate|not necessary|not warranted|should not|SHOULD NOT|forwarded for Medical Director Review|See (PEDSP|SP|PEDHD|PEDONC|PEDPN)-|may be (approved|useful)|can be (approved|performed)|should be (performed|obtained|imaged|approved|used)|recommended|must be obtained|preferred (study|modality)|limited to|is the appropriate code|Do not use|should be attempted|is not indicated)\b/;
/** A sentence that names a study (a bullet of indications) is a decision too. */
const STUDY_STATEMENT = /^(MRI|CT|Spinal (canal )?ultrasound|SPECT|A complete|Renal ultrasound|MRA|Advanced imaging|Screening|Follow-up|Children|Older Children)\b|CPT®/;
const HEADING = /^\s*(PEDSP-[\d.]+):/;
const SUBHEADING = /^\s*(Congenital Scoliosis|Idiopathic Scoliosis|Neuromuscular Scoliosis|Initial Imaging Studies|Follow-Up Imaging Studies|Imaging Studies to Evaluate Tethered Cord|MRI|CT|Ultrasound)\s*$/;

/**
 * Split the PDF extraction into sentences. A bullet became a line starting with a space; a heading starts a
 * section; "Background and Supporting Information" runs until the next heading or subheading and is skipped.
 */
export function sourceSentences(source: string): SourceSentence[] {
  const norm = normaliseSource(source);
  const lines = source.split("\n");
  // Units: runs of lines, broken at bullets and headings.
  const units: { text: string; line: number; section: string; background: boolean }[] = [];
  let section = "", background = false, started = false;
  let cur: { text: string; line: number; section: string; background: boolean } | undefined;
  lines.forEach((raw, i) => {
    const line = i + 1;
    const h = HEADING.exec(raw);
    if (h) { started = true; section = h[1]; background = false; cur = undefined; return; }
    if (!started) return;
    if (/^\s*Background and Supporting Information\s*$/.test(raw)) { background = true; cur = undefined; return; }
    if (SUBHEADING.test(raw)) { background = false; cur = undefined; return; }
    if (!raw.trim()) return;
    if (/^ \S/.test(raw) || !cur) {
      cur = { text: raw.trim(), line, section, background };
      units.push(cur);
    } else cur.text += " " + raw.trim();
  });
  const out: SourceSentence[] = [];
  let searchFrom = 0;
  for (const u of units) {
    for (const s of u.text.split(/(?<=[.:])\s+(?=[A-Z“"])/)) {
      const text = normaliseQuote(s);
      if (text.length < 3) continue;
      const at = norm.text.indexOf(text, searchFrom);
      const start = at >= 0 ? at : norm.text.indexOf(text);
      if (start >= 0) searchFrom = start + text.length;
      out.push({ text, line: start >= 0 ? norm.lineOf[start] : u.line, section: u.section, start, end: start >= 0 ? start + text.length : -1, actionable: !u.background && (ACTIONABLE.test(text) || STUDY_STATEMENT.test(text)) });
    }
  }
  return out;
}

/** A note's quote matches a sentence when it contains the sentence, or each part between ellipses is in it. */
function quotes(quote: string, sentence: string): boolean {
  if (quote.includes(sentence)) return true;
  const parts = quote.split(/\s*(?:\.\.\.|…)\s*/).filter((p) => p.length >= 8);
  return parts.length > 0 && parts.every((p) => sentence.includes(p));
}

export function traceability(model: Model, source: string): TraceReport {
  const norm = normaliseSource(source);
  const spans: { rule: string; start: number; end: number }[] = [];
  for (const s of model.plan.sections) for (const r of [...s.rules, ...s.requires]) for (const c of [...r.cites, ...itemCitesUnder(model, "when" in r ? r.when : "cond" in r ? r.cond : undefined)]) {
    const q = normaliseQuote(c.text);
    for (let at = norm.text.indexOf(q); at >= 0 && q; at = norm.text.indexOf(q, at + 1)) spans.push({ rule: r.id, start: at, end: at + q.length });
  }
  // A section note that quotes a sentence in 'single' or "double" quotes explains it as deliberately not encoded.
  const explained: { by: string; text: string }[] = [];
  for (const s of model.plan.sections) for (const n of s.notes) for (const m of n.matchAll(/["“']([^"”']{12,})["”']/g)) explained.push({ by: `${s.id} note`, text: normaliseQuote(m[1]) });
  const sentences = sourceSentences(source).map((s) => {
    const citedBy = s.start < 0 ? [] : [...new Set(spans.filter((x) => x.start < s.end && x.end > s.start).map((x) => x.rule))];
    const explainedBy = [...new Set(explained.filter((e) => quotes(e.text, s.text)).map((e) => e.by))];
    return { ...s, citedBy, explainedBy };
  });
  const actionable = sentences.filter((s) => s.actionable);
  const uncited = actionable.filter((s) => s.citedBy.length === 0 && s.explainedBy.length === 0);
  return {
    sentences, actionable: actionable.length, cited: actionable.filter((s) => s.citedBy.length > 0).length,
    explained: actionable.filter((s) => s.citedBy.length === 0 && s.explainedBy.length > 0).length, uncited,
  };
}

/** The quotes of list items (`item cite "…"`) in a condition, definitions included: they cite for the rule. */
function itemCitesUnder(model: Model, id: number | undefined): { text: string }[] {
  const out: { text: string }[] = [];
  const seen = new Set<number>();
  const walk = (k: number): void => {
    if (seen.has(k)) return;
    seen.add(k);
    const n = model.plan.nodes[k];
    if (n.cite) out.push(n.cite);
    for (const j of n.kids) walk(j);
  };
  if (id !== undefined) walk(id);
  return out;
}
