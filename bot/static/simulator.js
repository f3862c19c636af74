// Chat simulator: posts what you type to /simulator/send and shows each reply exactly as it
// would leave (SMS: text with encoding and segments; Telegram: text with buttons).
// The server keeps the conversation; this page only remembers who you are talking as
// (channel and address, in localStorage) and rebuilds the thread from the server on load.
(function () {
  "use strict";
  const log = document.getElementById("log");
  const phone = document.getElementById("phone");
  const address = document.getElementById("address");
  const text = document.getElementById("text");
  const status = document.getElementById("status");
  const UNREACHABLE = "The simulator could not be reached. Check your connection and try again.";
  const BROKEN = "Something went wrong on the server. Please try again in a moment.";
  let lastId = 0;
  let shown = new Set();
  // Bumped whenever the page starts talking as someone else: answers to older requests
  // belong to the previous person and are dropped.
  let generation = 0;

  function remember(key, value) {
    try { localStorage.setItem("simulator." + key, value); } catch (error) { /* private mode */ }
  }

  function recall(key) {
    try { return localStorage.getItem("simulator." + key); } catch (error) { return null; }
  }

  function channel() {
    return document.querySelector("input[name=channel]:checked").value;
  }

  // Each channel's radio button carries its example address (from the channel registry).
  function exampleAddress() {
    return document.querySelector("input[name=channel]:checked").dataset.example || "";
  }

  function showError(sentence) {
    status.textContent = sentence;
    status.hidden = false;
  }

  function clearError() {
    status.hidden = true;
    status.textContent = "";
  }

  function add(kind, body, meta, buttons) {
    const item = document.createElement("li");
    item.className = "msg " + kind;
    item.textContent = body;
    if (meta) {
      const small = document.createElement("span");
      small.className = "meta";
      small.textContent = meta;
      item.appendChild(small);
    }
    if (buttons && buttons.length) {
      const box = document.createElement("div");
      box.className = "buttons";
      buttons.flat().forEach(function (button) {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = button.text;
        b.addEventListener("click", function () { send("", button.callback_data, button.text); });
        box.appendChild(b);
      });
      item.appendChild(box);
    }
    log.appendChild(item);
    phone.scrollTop = phone.scrollHeight;
    return item;
  }

  function showMessage(message) {
    if (shown.has(message.id)) { return; }  // a poll and a send can both return a reply
    shown.add(message.id);
    lastId = Math.max(lastId, message.id);
    if (message.direction === "in") {
      add("in", message.pressed ? "[" + message.pressed + "]" : (message.body || ""));
      return;
    }
    const meta = message.encoding
      ? message.encoding + ", " + message.segments + " segment" + (message.segments === 1 ? "" : "s")
      : null;
    add("out", message.body || "", meta, message.buttons);
  }

  // The server answers errors as {"error": "<sentence>"}; anything else (a proxy's HTML
  // page, a dropped connection) becomes a plain sentence too, never raw markup.
  async function post(path, payload) {
    let response;
    try {
      response = await fetch(path, {
        method: "POST",
        headers: {"Content-Type": "application/json", "Accept": "application/json",
                  // Flask-WTF's CSRF check: the token the page was served with.
                  "X-CSRFToken": document.querySelector('meta[name="csrf-token"]').content},
        body: JSON.stringify(Object.assign({channel: channel(), address: address.value}, payload)),
      });
    } catch (error) {
      throw new Error(UNREACHABLE);
    }
    if (!response.ok) {
      let sentence = null;
      try {
        const data = await response.json();
        if (data && typeof data.error === "string") { sentence = data.error; }
      } catch (error) { /* not JSON */ }
      throw new Error(sentence || (response.status >= 500 ? BROKEN : "The simulator refused this (" +
                                   response.status + "). Reload the page and try again."));
    }
    return response.json();
  }

  async function send(body, callback, label) {
    if (!callback && !body.trim()) { return true; }  // nothing to send, so no request
    const mine = generation;
    const bubble = add("in", callback ? "[" + label + "]" : body);
    try {
      const data = await post("/simulator/send", callback ? {callback: callback} : {text: body});
      if (mine === generation) {
        clearError();
        data.replies.forEach(showMessage);
      }
      return true;
    } catch (error) {
      bubble.classList.add("failed");
      const note = document.createElement("span");
      note.className = "meta";
      note.textContent = "not sent";
      bubble.appendChild(note);
      showError(error.message);
      return false;
    }
  }

  // The whole thread of this channel and address, both sides, from the server.
  async function load() {
    const mine = ++generation;
    log.innerHTML = "";
    shown = new Set();
    lastId = 0;
    try {
      const data = await post("/simulator/messages", {after: 0, both: true});
      if (mine === generation) {
        clearError();
        data.messages.forEach(showMessage);
      }
    } catch (error) {
      if (mine === generation) { showError(error.message); }
    }
  }

  // Messages sent later (not as an answer) show up here too.
  async function poll() {
    const mine = generation;
    try {
      const data = await post("/simulator/messages", {after: lastId});
      if (mine === generation) { data.messages.forEach(showMessage); }
    } catch (error) { /* the next poll tries again */ }
  }

  function talkAs(newAddress) {
    address.value = newAddress;
    remember("channel", channel());
    remember("address." + channel(), newAddress);
    load();
  }

  document.getElementById("compose").addEventListener("submit", function (event) {
    event.preventDefault();
    const body = text.value;
    if (!body.trim()) { text.focus(); return; }
    text.value = "";
    send(body).then(function (ok) {
      if (!ok && !text.value) { text.value = body; }  // not lost: fix the problem, send again
    });
  });
  document.querySelectorAll(".example").forEach(function (chip) {
    chip.addEventListener("click", function () { send(chip.textContent.trim()); });
  });
  // Enter in the address field would submit (and reload) the settings form.
  document.getElementById("settings").addEventListener("submit", function (event) {
    event.preventDefault();
    talkAs(address.value);
  });
  address.addEventListener("change", function () { talkAs(address.value); });
  document.querySelectorAll("input[name=channel]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      phone.className = channel();
      talkAs(recall("address." + channel()) || exampleAddress());
    });
  });
  document.getElementById("new-person").addEventListener("click", function () {
    const random = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
    // The example's form with its last eight digits random: a phone number stays one.
    talkAs(exampleAddress().slice(0, -8) + random);
  });

  const saved = Array.from(document.querySelectorAll("input[name=channel]")).find(
    function (radio) { return radio.value === recall("channel"); });
  if (saved) { saved.checked = true; }
  phone.className = channel();
  address.value = recall("address." + channel()) || exampleAddress();
  load();
  setInterval(poll, 5000);
})();
