// The guideline's source text beside the editor: source text and the cited quotes in, a <pre> with each
// cited passage marked; reveal(quote) scrolls to one. Text nodes only, never HTML.
import { h, setChildren } from "./dom.ts";
import { locateCites } from "./source-map.ts";
import type { CiteSymbol } from "./protocol.ts";

export class SourcePane {
  private key = "";
  private marks = new Map<string, HTMLElement>();
  /** The mark of each citation, by its quote and its place among the citations of that quote. */
  private occurrence = new Map<string, HTMLElement>();

  constructor(private readonly el: HTMLElement, private readonly title: HTMLElement, private readonly onPick: (cite: CiteSymbol) => void) {
    // One tab stop for the pane, however many quotes it marks: arrow keys move between the marks inside
    // (a roving focus), so Tab passes the pane in one step on its way to the case form.
    el.addEventListener("keydown", (e) => {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      const marks = [...el.querySelectorAll<HTMLElement>("mark.cited")];
      if (!marks.length) return;
      const i = marks.indexOf(document.activeElement as HTMLElement);
      const next = e.key === "ArrowDown" ? marks[Math.min(marks.length - 1, i + 1)] : marks[i <= 0 ? 0 : i - 1];
      e.preventDefault();
      next.focus();
      next.scrollIntoView({ block: "nearest" });
    });
  }

  render(name: string | undefined, src: string | undefined, cites: CiteSymbol[]): void {
    const key = `${name}\u0000${src?.length}\u0000${cites.map((c) => c.text).join("\u0000")}`;
    if (key === this.key) return;
    this.key = key;
    this.title.textContent = name ? `Source: ${name}` : "Source";
    this.marks.clear();
    this.occurrence.clear();
    if (src === undefined) {
      setChildren(this.el, h("p", { class: "muted" }, name ? `The source text ${name} is not bundled with the playground.` : "The guideline names no source text."));
      return;
    }
    // Cited spans, sorted and merged where they overlap; each span remembers the cites it holds.
    const spans: { start: number; end: number; cites: CiteSymbol[] }[] = [];
    for (const [c, hit] of locateCites(src, cites)) spans.push({ ...hit, cites: [c] });
    spans.sort((a, b) => a.start - b.start);
    const merged: typeof spans = [];
    for (const s of spans) {
      const last = merged[merged.length - 1];
      if (last && s.start < last.end) { last.end = Math.max(last.end, s.end); last.cites.push(...s.cites); } else merged.push(s);
    }
    const pre = h("pre", { class: "source-text" });
    let at = 0;
    for (const s of merged) {
      if (s.start > at) pre.append(document.createTextNode(src.slice(at, s.start)));
      const sections = [...new Set(s.cites.map((c) => c.section))].join(", ");
      const mark = h("mark", { class: "cited", title: `Cited in ${sections}`, tabindex: -1 }, src.slice(s.start, s.end));
      const pick = (): void => this.onPick(s.cites[0]);
      mark.addEventListener("click", pick);
      mark.addEventListener("keydown", (e) => { if (e.key === "Enter") pick(); });
      pre.append(mark);
      for (const c of s.cites) {
        if (!this.marks.has(c.text)) this.marks.set(c.text, mark);
        this.occurrence.set(occurrenceKey(c, cites), mark);
      }
      at = s.end;
    }
    if (at < src.length) pre.append(document.createTextNode(src.slice(at)));
    setChildren(this.el, pre);
  }

  /** Scroll one citation's own occurrence into view (a repeated quote has a mark per place it is cited). */
  revealCite(cite: CiteSymbol, cites: CiteSymbol[]): boolean {
    const mark = this.occurrence.get(occurrenceKey(cite, cites));
    return mark ? this.show([mark]) : this.reveal(cite.text);
  }

  /** Scroll the quote into view and flash it; false when the quote is not in the source. A reason's cite
   *  joins its rule's quotes with " … " (runtime/decide.ts): then every part is marked, the first scrolled to. */
  reveal(quote: string): boolean {
    const whole = this.marks.get(quote);
    const marks = whole ? [whole] : quote.split(" … ").map((q) => this.marks.get(q)).filter((m): m is HTMLElement => m !== undefined);
    return this.show(marks);
  }

  private show(marks: HTMLElement[]): boolean {
    const mark = marks[0];
    if (!mark) return false;
    for (const m of this.el.querySelectorAll(".cited.active")) m.classList.remove("active");
    for (const m of marks) m.classList.add("active");
    // Scroll the pane itself (not the page): the pane is the marks' offset parent.
    this.el.scrollTop = Math.max(0, mark.offsetTop - this.el.clientHeight / 3);
    return true;
  }
}

/** A citation's quote and its rank among the citations of the same quote, in guideline order: stable while
 *  the text above it is edited (offsets move, the order does not). */
function occurrenceKey(cite: CiteSymbol, cites: CiteSymbol[]): string {
  const rank = cites.filter((c) => c.text === cite.text && c.range.start.offset < cite.range.start.offset).length;
  return `${cite.text}\u0000${rank}`;
}
