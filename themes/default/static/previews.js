// Link previews: hovering or focusing a link to an explainer shows its title, summary
// and reading time, from previews.json (fetched on first use). Links work without it.
(() => {
  const me = document.currentScript;
  let data = null, box = null, shown = null, timer = 0;
  const load = () => data || (data = fetch(me.dataset.previews).then((r) => r.json()).catch(() => ({})));
  const hide = () => {
    clearTimeout(timer);
    if (!box || !shown) return;
    box.hidden = true;
    shown.removeAttribute("aria-describedby");
    shown = null;
  };
  const show = async (a) => {
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname === location.pathname) return;
    const p = (await load())[url.pathname];
    if (!p || shown === a) return;
    if (!box) {
      box = document.createElement("div");
      box.id = "link-preview";
      box.className = "link-preview";
      box.setAttribute("role", "tooltip");
      document.body.append(box);
    }
    box.replaceChildren();
    const t = document.createElement("strong");
    t.textContent = p.title;
    const s = document.createElement("span");
    s.textContent = p.summary;
    const m = document.createElement("small");
    m.textContent = p.minutes + " min read";
    box.append(t, s, m);
    const r = a.getBoundingClientRect();
    box.style.left = Math.max(8, Math.min(r.left + scrollX, scrollX + innerWidth - 340)) + "px";
    box.style.top = r.bottom + scrollY + 6 + "px";
    box.hidden = false;
    a.setAttribute("aria-describedby", box.id);
    shown = a;
  };
  const link = (e) => e.target.closest && e.target.closest("main a[href]:not(.self-link):not(.backref)");
  const enter = (e) => {
    const a = link(e);
    if (!a) return;
    clearTimeout(timer);
    timer = setTimeout(() => show(a), e.type === "focusin" ? 0 : 250);
  };
  const leave = (e) => { if (link(e)) hide(); };
  document.addEventListener("mouseover", enter);
  document.addEventListener("focusin", enter);
  document.addEventListener("mouseout", leave);
  document.addEventListener("focusout", leave);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") hide(); });
})();
