// bench/chart.svg from the results, drawn by hand: left, throughput bars (cases/s, log scale); right,
// check and compile time per line at 1×, 10×, 100× the guideline (with the 1.5× limit). No dependencies.
import type { Results } from "./report.ts";

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const fmt = (x: number): string => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(x >= 1e5 ? 0 : 1)}k` : String(Math.round(x)));

export function renderChart(r: Results): string {
  const W = 980, H = 440, out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);

  // ---- throughput ----
  const w = r.throughput.whole, p = r.throughput.pedsp23;
  const bars: { label: string; v: number; color: string }[] = [
    { label: "whole: compiled", v: w.compiled.casesPerSec, color: "#2b6cb0" },
    { label: "whole: compiled + trace", v: w.compiledTrace.casesPerSec, color: "#63b3ed" },
    { label: "whole: interpreter", v: w.interpreter.casesPerSec, color: "#a0aec0" },
    { label: "2.3: compiled", v: p.compiled.casesPerSec, color: "#2b6cb0" },
    { label: "2.3: compiled + trace", v: p.compiledTrace.casesPerSec, color: "#63b3ed" },
    { label: "2.3: hand-written, same result", v: p.handwrittenFull.casesPerSec, color: "#68d391" },
    { label: "2.3: hand-written, outcome only", v: p.handwritten.casesPerSec, color: "#38a169" },
    { label: "2.3: json-rules-engine", v: p.rulesEngine.casesPerSec, color: "#dd6b20" },
  ];
  const x0 = 225, x1 = 480, y0 = 60, bh = 30, gap = 12;
  const lo = 1e3, hi = 1e7;
  const sx = (v: number): number => x0 + ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (x1 - x0);
  out.push(`<text x="20" y="28" font-size="15" font-weight="bold">Evaluator throughput (cases/s, log scale)</text>`);
  out.push(`<text x="20" y="46" fill="#555">${esc(`${r.throughput.cases.toLocaleString("en-US")} seeded cases, median of ${r.throughput.pedsp23.compiled.runsMs.length} runs`)}</text>`);
  const yEnd = y0 + bars.length * (bh + gap);
  for (let e = 3; e <= 7; e++) {
    const x = sx(10 ** e);
    out.push(`<line x1="${x}" y1="${y0 - 4}" x2="${x}" y2="${yEnd}" stroke="#e2e8f0"/>`);
    out.push(`<text x="${x}" y="${yEnd + 16}" text-anchor="middle" fill="#555">${fmt(10 ** e)}</text>`);
  }
  const target = sx(1e6);
  out.push(`<line x1="${target}" y1="${y0 - 8}" x2="${target}" y2="${yEnd}" stroke="#e53e3e" stroke-dasharray="4 3"/>`);
  out.push(`<text x="${target}" y="${y0 - 12}" text-anchor="middle" fill="#e53e3e">trace target 1M/s</text>`);
  bars.forEach((b, i) => {
    const y = y0 + i * (bh + gap);
    out.push(`<text x="${x0 - 8}" y="${y + bh / 2 + 4}" text-anchor="end">${esc(b.label)}</text>`);
    out.push(`<rect x="${x0}" y="${y}" width="${Math.max(1, sx(b.v) - x0)}" height="${bh}" fill="${b.color}"/>`);
    out.push(`<text x="${sx(b.v) + 5}" y="${y + bh / 2 + 4}">${fmt(b.v)}</text>`);
  });

  // ---- scaling ----
  const px0 = 600, px1 = 940, py0 = 70, py1 = 340;
  const s = r.scaling.filter((x) => !x.skipped);
  const maxUs = Math.max(...s.flatMap((x) => [x.checkUsPerLine, x.compileUsPerLine, x === s[0] ? 1.5 * x.compileUsPerLine : 0])) * 1.1;
  const fx = (i: number): number => px0 + (s.length === 1 ? 0 : (i / (s.length - 1)) * (px1 - px0));
  const fy = (v: number): number => py1 - (v / maxUs) * (py1 - py0);
  out.push(`<text x="560" y="28" font-size="15" font-weight="bold">Scaling: time per line (µs)</text>`);
  out.push(`<text x="560" y="46" fill="#555">${esc(`guideline repeated 1×, 10×, 100× (${s.map((x) => x.lines.toLocaleString("en-US")).join(" / ")} lines)`)}</text>`);
  out.push(`<line x1="${px0}" y1="${py1}" x2="${px1}" y2="${py1}" stroke="#333"/><line x1="${px0}" y1="${py0}" x2="${px0}" y2="${py1}" stroke="#333"/>`);
  for (let k = 0; k <= 4; k++) {
    const v = (maxUs * k) / 4, y = fy(v);
    out.push(`<line x1="${px0}" y1="${y}" x2="${px1}" y2="${y}" stroke="#edf2f7"/><text x="${px0 - 6}" y="${y + 4}" text-anchor="end" fill="#555">${v.toFixed(v < 10 ? 1 : 0)}</text>`);
  }
  s.forEach((x, i) => out.push(`<text x="${fx(i)}" y="${py1 + 18}" text-anchor="middle">${x.factor}×</text>`));
  const series = [
    { name: "check", get: (x: Results["scaling"][number]) => x.checkUsPerLine, color: "#2b6cb0" },
    { name: "compile (check + emit)", get: (x: Results["scaling"][number]) => x.compileUsPerLine, color: "#38a169" },
  ];
  series.forEach((se, j) => {
    const limit = 1.5 * se.get(s[0]);
    out.push(`<line x1="${px0}" y1="${fy(limit)}" x2="${px1}" y2="${fy(limit)}" stroke="${se.color}" stroke-dasharray="4 3" opacity="0.6"/>`);
    out.push(`<polyline fill="none" stroke="${se.color}" stroke-width="2.5" points="${s.map((x, i) => `${fx(i)},${fy(se.get(x))}`).join(" ")}"/>`);
    s.forEach((x, i) => out.push(`<circle cx="${fx(i)}" cy="${fy(se.get(x))}" r="4" fill="${se.color}"/><text x="${fx(i) + (i === s.length - 1 ? -6 : 6)}" y="${fy(se.get(x)) + (j === 0 ? 16 : -8)}" text-anchor="${i === s.length - 1 ? "end" : "start"}" fill="${se.color}">${se.get(x)}</text>`));
    out.push(`<rect x="${px0 + 10}" y="${py1 + 34 + j * 18}" width="12" height="4" fill="${se.color}"/><text x="${px0 + 28}" y="${py1 + 40 + j * 18}">${esc(se.name)}; dashed: 1.5× its 1× value</text>`);
  });
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}
