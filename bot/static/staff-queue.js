// The alert queue refreshes itself: every 3 seconds (and at once when the tab is shown
// again) it asks /staff/alerts/feed for the list and replaces it only when it changed,
// keeping the keyboard focus where it was and announcing new alerts to screen readers.
"use strict";
(() => {
  const list = document.getElementById("queue-list");
  if (!list || !window.staff) return;
  const live = document.getElementById("queue-live");
  const offline = document.getElementById("queue-offline");
  const heading = document.getElementById("queue-heading");
  const EVERY_MS = 3000;
  let version = list.dataset.version || "";
  let busy = false;

  const numbers = () => new Set(Array.from(list.querySelectorAll("[data-number]"),
                                           (node) => node.dataset.number));

  function replace(html) {
    const focused = document.activeElement;
    const hadFocus = focused && list.contains(focused);
    const key = hadFocus ? focused.dataset.focusKey : null;
    const before = numbers();
    list.innerHTML = html;
    if (hadFocus) {
      const again = key ? list.querySelector(`[data-focus-key="${CSS.escape(key)}"]`) : null;
      (again || heading).focus();
    }
    const added = Array.from(numbers()).filter((n) => !before.has(n)).length;
    if (added > 0 && live) {
      live.textContent = (live.dataset.newAlerts || "{count}").replace("{count}", String(added));
    }
  }

  async function poll() {
    if (busy || document.visibilityState === "hidden") return;
    busy = true;
    try {
      const data = await window.staff.getJSON(list.dataset.feed);
      if (offline) offline.hidden = true;
      if (data && data.version !== version) {
        version = data.version;
        replace(data.html);
      }
    } catch (error) {
      if (offline) offline.hidden = false;
    } finally {
      busy = false;
    }
  }

  window.setInterval(poll, EVERY_MS);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") poll();
  });
})();
