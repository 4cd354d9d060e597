// The live-reload script `briefing serve` puts at the end of every HTML page (never in
// `build` output): reconnects, reloads keeping the scroll position, swaps stylesheets,
// goes home if the page is gone, and shows or clears the error overlay.
// The events URL and the home URL (placeholders in capitals below) are filled in when it is injected.
(() => {
  const key = "briefing-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved) { sessionStorage.removeItem(key); window.scrollTo(0, Number(saved)); }
  const overlay = (text) => {
    let box = document.getElementById("briefing-error");
    if (!text) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "briefing-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:35vh;overflow:auto;z-index:99999;background:#2b0b0b;color:#ffe9e9;border-top:4px solid #e0443e;padding:1rem 1.5rem;font:14px/1.45 ui-monospace,monospace";
      document.body.appendChild(box);
    }
    box.innerHTML = "<button type=\"button\" aria-label=\"Close the build error\" style=\"float:right;font:inherit;background:none;color:inherit;border:1px solid currentColor;border-radius:4px;padding:0 .5rem;cursor:pointer\">Close ×</button><strong>briefing: the last change did not build. The page shows the last good version.</strong>";
    box.querySelector("button").addEventListener("click", () => box.remove());
    const pre = document.createElement("pre");
    pre.style.whiteSpace = "pre-wrap";
    pre.textContent = text;
    box.appendChild(pre);
  };
  const events = new EventSource("__EVENTS_URL__");
  events.addEventListener("reload", () => {
    fetch(location.pathname, { method: "HEAD", cache: "no-store" }).then((r) => {
      if (r.status === 404) { location.href = "__HOME_URL__"; return; }
      sessionStorage.setItem(key, String(window.scrollY));
      location.reload();
    });
  });
  events.addEventListener("css", () => {
    overlay(null);
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("v", Date.now());
      link.href = url.toString();
    }
  });
  events.addEventListener("build-error", (e) => overlay(JSON.parse(e.data)));
  events.addEventListener("ok", () => overlay(null));
})();
