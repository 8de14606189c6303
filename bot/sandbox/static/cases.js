// The operator panel's "Cases" card: the operators' group of the human handoff, as its forum
// topics. Reply and Close post into a topic as an operator would in Telegram; the bot relays.
(function () {
  "use strict";
  const WORDS = {
    kk: { title: "Өтініштер (заңгер)", none: "Әзірге өтініш жоқ.", reply: "Жауап беру", close: "Жабу", closed: "жабық", placeholder: "Заңгердің жауабы…" },
    ru: { title: "Обращения к юристу", none: "Обращений пока нет.", reply: "Ответить", close: "Закрыть", closed: "закрыто", placeholder: "Ответ юриста…" },
    en: { title: "Cases (lawyer)", none: "No cases yet.", reply: "Reply", close: "Close", closed: "closed", placeholder: "The lawyer's answer…" },
  };
  const list = document.getElementById("cases");
  const empty = document.getElementById("cases-empty");
  const title = document.getElementById("cases-title");
  if (!list) return;

  function words() {
    return WORDS[document.documentElement.lang] || WORDS.ru;
  }

  async function post(path, body) {
    const res = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error((await res.json().catch(() => ({}))).error || res.statusText);
  }

  function caseItem(c, w) {
    const li = document.createElement("li");
    li.className = "case" + (c.closed ? " case-closed" : "");
    li.dataset.thread = String(c.thread_id);
    const head = document.createElement("div");
    head.className = "case-name";
    head.textContent = c.name + (c.closed ? " · " + w.closed : "");
    li.append(head);
    const log = document.createElement("div");
    log.className = "case-log";
    for (const m of c.messages) {
      const p = document.createElement("div");
      p.className = "case-msg case-" + m.from;
      p.textContent = m.text;
      log.append(p);
    }
    li.append(log);
    if (!c.closed) {
      const form = document.createElement("form");
      form.className = "case-form";
      const input = document.createElement("textarea");
      input.rows = 2;
      input.placeholder = w.placeholder;
      input.className = "case-input";
      const send = document.createElement("button");
      send.type = "submit";
      send.className = "btn case-reply";
      send.textContent = w.reply;
      const close = document.createElement("button");
      close.type = "button";
      close.className = "btn btn-light case-close";
      close.textContent = w.close;
      form.addEventListener("submit", async (ev) => {
        ev.preventDefault();
        const text = input.value.trim();
        if (!text) return;
        send.disabled = true;
        try { await post("/api/operator/cases/reply", { thread_id: c.thread_id, text }); input.value = ""; }
        finally { send.disabled = false; }
      });
      close.addEventListener("click", () => post("/api/operator/cases/close", { thread_id: c.thread_id }));
      form.append(input, send, close);
      li.append(form);
    }
    return li;
  }

  async function refresh() {
    const w = words();
    title.textContent = w.title;
    empty.textContent = w.none;
    try {
      const res = await fetch("/api/operator/cases");
      const cases = (await res.json()).cases || [];
      // Keep what an operator is typing across refreshes.
      const typing = {};
      for (const el of list.querySelectorAll(".case")) {
        const input = el.querySelector(".case-input");
        if (input && input.value) typing[el.dataset.thread] = input.value;
      }
      list.replaceChildren(...cases.map((c) => caseItem(c, w)));
      for (const el of list.querySelectorAll(".case")) {
        const input = el.querySelector(".case-input");
        if (input && typing[el.dataset.thread]) input.value = typing[el.dataset.thread];
      }
      empty.hidden = cases.length > 0;
    } catch (err) {
      empty.hidden = false;
    }
  }

  const source = new EventSource("/api/events");
  source.addEventListener("cases", refresh);
  source.addEventListener("state", () => { if (title.textContent !== words().title) refresh(); });
  refresh();
})();
