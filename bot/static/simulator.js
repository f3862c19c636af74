// Chat simulator: posts what you type to /simulator/send and shows each reply exactly as it
// would leave (SMS: text with encoding and segments; Telegram: text with buttons).
(function () {
  "use strict";
  const log = document.getElementById("log");
  const phone = document.getElementById("phone");
  const address = document.getElementById("address");
  const text = document.getElementById("text");
  let lastId = 0;

  function channel() {
    return document.querySelector("input[name=channel]:checked").value;
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
  }

  function showReply(message) {
    lastId = Math.max(lastId, message.id);
    const meta = message.encoding
      ? message.encoding + ", " + message.segments + " segment" + (message.segments === 1 ? "" : "s")
      : null;
    add("out", message.body, meta, message.buttons);
  }

  async function post(path, payload) {
    const response = await fetch(path, {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify(Object.assign({channel: channel(), address: address.value}, payload)),
    });
    if (!response.ok) { throw new Error(response.status + " " + (await response.text()).slice(0, 200)); }
    return response.json();
  }

  async function send(body, callback, label) {
    add("in", callback ? "[" + label + "]" : body);
    try {
      const data = await post("/simulator/send", callback ? {callback: callback} : {text: body});
      data.replies.forEach(showReply);
    } catch (error) {
      add("out error", "Error: " + error.message);
    }
  }

  // Messages sent later (not as an answer) show up here too.
  async function poll() {
    try {
      const data = await post("/simulator/messages", {after: lastId});
      data.messages.forEach(showReply);
    } catch (error) { /* the next poll tries again */ }
  }

  document.getElementById("compose").addEventListener("submit", function (event) {
    event.preventDefault();
    const body = text.value;
    text.value = "";
    send(body);
  });
  document.querySelectorAll("input[name=channel]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      phone.className = channel();
      address.value = channel() === "sms" ? "+66800000000" : "100200300";
      log.innerHTML = "";
      lastId = 0;
    });
  });
  document.getElementById("new-person").addEventListener("click", function () {
    const random = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
    address.value = channel() === "sms" ? "+668" + random : "9" + random;
    log.innerHTML = "";
    lastId = 0;
  });
  setInterval(poll, 5000);
})();
