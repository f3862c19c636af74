// The inbox and a conversation: the list and the thread refresh in place (polling their
// feed while the page is visible), and a saved reply fills the reply box. No inline
// script: the CSP forbids it. Without JavaScript the pages work by reloading.
"use strict";
(() => {
  function poll(regionId, liveId) {
    const region = document.getElementById(regionId);
    if (!region || !region.dataset.feedUrl) return;
    const live = document.getElementById(liveId);
    const every = Math.max(2, Number(region.dataset.pollSeconds) || 5) * 1000;
    let busy = false;
    async function check() {
      if (busy || document.hidden) return;
      busy = true;
      try {
        const data = await window.staff.getJSON(region.dataset.feedUrl);
        if (data && data.version && data.version !== region.dataset.version) {
          region.innerHTML = data.html;
          region.dataset.version = data.version;
          if (live) live.textContent = live.dataset.changed || "";
        }
      } catch (error) {
        // A network hiccup: try again at the next tick.
      } finally {
        busy = false;
      }
    }
    window.setInterval(check, every);
    document.addEventListener("visibilitychange", () => { if (!document.hidden) check(); });
  }

  function savedReplies() {
    const picker = document.getElementById("saved-picker");
    const select = document.getElementById("saved-reply");
    const box = document.getElementById("reply-text");
    if (!picker || !select || !box) return;
    function fill() {
      const option = select.options[select.selectedIndex];
      if (!option) return;
      box.value = option.dataset.body || "";
      box.focus();
    }
    picker.addEventListener("submit", (event) => { event.preventDefault(); fill(); });
  }

  function start() {
    poll("inbox-region", "inbox-live");
    poll("conversation-region", "conversation-live");
    savedReplies();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
