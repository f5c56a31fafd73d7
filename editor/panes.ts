// Below 480 px the three panes stack and one shows at a time: the pane switcher (a tablist shown only
// then, by style.css) in, a show(pane) function out. Wide pages ignore the choice; every pane stays visible.
export type Pane = "editor" | "source" | "tools";

export function setupPanes(grid: HTMLElement, list: HTMLElement): (pane: Pane) => void {
  const tabs = [...list.querySelectorAll<HTMLButtonElement>("[role=tab]")];
  const show = (pane: Pane): void => {
    grid.dataset.pane = pane;
    for (const t of tabs) {
      const on = t.dataset.pane === pane;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
    }
  };
  for (const t of tabs) {
    t.addEventListener("click", () => show(t.dataset.pane as Pane));
    t.addEventListener("keydown", (e) => {
      const i = tabs.indexOf(t);
      const next = e.key === "ArrowRight" ? tabs[(i + 1) % tabs.length] : e.key === "ArrowLeft" ? tabs[(i - 1 + tabs.length) % tabs.length] : undefined;
      if (next) { e.preventDefault(); show(next.dataset.pane as Pane); next.focus(); }
    });
  }
  show("editor");
  return show;
}
