// Shared behaviour of the dashboard pages (no inline scripts: the CSP forbids them).
"use strict";
window.staff = {
  csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  },
  // JSON from the dashboard's own routes; null when the session has ended.
  async getJSON(url) {
    const response = await fetch(url, {headers: {"Accept": "application/json"},
                                       credentials: "same-origin"});
    if (response.status === 401 || response.redirected) { window.location.reload(); return null; }
    if (!response.ok) throw new Error(`${response.status}`);
    return response.json();
  },
};
// <form data-confirm="Are you sure?">: asks before sending.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset ? event.target.dataset.confirm : null;
  if (message && !window.confirm(message)) event.preventDefault();
});
