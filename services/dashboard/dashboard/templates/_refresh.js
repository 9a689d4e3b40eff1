// Keeps the page current without reloading it: every few seconds it asks the server for this same page
// and moves the fresh content of each element marked data-live into place. The server renders all of
// it (and escapes it) once, in Python; nothing here builds markup, and nothing touches innerHTML.
// When the dashboard cannot be reached, the last content it sent stays on screen under a notice.
(function () {
  "use strict";
  const body = document.body;
  const refreshUrl = body.dataset.refreshUrl;
  const every = Number(body.dataset.refreshMs) || 2000;
  const notice = document.getElementById("connection-notice");
  let lostSince = null;

  function swapIn(fresh) {
    for (const current of document.querySelectorAll("[data-live]")) {
      const next = fresh.getElementById(current.id);
      if (!next) continue;
      for (const attribute of Array.from(current.attributes)) {
        if (!next.hasAttribute(attribute.name)) current.removeAttribute(attribute.name);
      }
      for (const attribute of Array.from(next.attributes)) current.setAttribute(attribute.name, attribute.value);
      current.replaceChildren(...Array.from(next.childNodes, (node) => document.importNode(node, true)));
    }
  }

  function reached() {
    lostSince = null;
    notice.hidden = true;
    body.dataset.connection = "ok";
  }

  function lost(error) {
    lostSince = lostSince || new Date();
    notice.textContent = "The dashboard cannot be reached since " + lostSince.toLocaleTimeString() +
      " (" + error.message + "). Showing what it last sent; this page keeps trying.";
    notice.hidden = false;
    body.dataset.connection = "lost";
  }

  async function refresh() {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), every * 2);
    try {
      const response = await fetch(refreshUrl, { cache: "no-store", headers: { Accept: "text/html" }, signal: controller.signal });
      if (!response.ok) throw new Error("HTTP " + response.status);
      swapIn(new DOMParser().parseFromString(await response.text(), "text/html"));
      reached();
    } catch (error) {
      lost(error.name === "AbortError" ? new Error("no answer in time") : error);
    } finally {
      clearTimeout(timer);
      setTimeout(refresh, every);
    }
  }

  setTimeout(refresh, every);
})();
