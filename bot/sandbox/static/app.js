// The sandbox chat page. Vanilla JS, no build step, no external assets.
// Safety rule: text reaches the DOM only through textContent / createTextNode. Bot messages use
// Telegram's HTML subset, rendered by a strict whitelist renderer (renderTelegramHtml) that builds
// elements itself; anything that is not an allowed tag is shown literally. innerHTML is never used.
"use strict";

(() => {
  const I18N = {
    kk: {
      status_bot: "бот", typing: "жазып жатыр…", placeholder: "Хабарлама", menu: "Мәзір",
      send: "Жіберу", new_chat: "Жаңа чат", operator: "Оператор", operator_sub: "Осы сынақ сессиясы",
      content: "Мазмұн", reload: "Мазмұнды қайта жүктеу", reloading: "Жүктелуде…",
      unanswered: "Жауапсыз сұрақтар", none_yet: "Әзірге жоқ.", draft: "Жоба жазба", draft_written: "Жоба жазылды:", analytics: "Аналитика",
      refresh: "Жаңарту", empty_title: "Ботты байқап көріңіз",
      empty_text: "Зейнетақы, жәрдемақы, жұмыс немесе баспана туралы сұрақ қойыңыз.",
      start: "Бастау", open_report: "Толық есепті ашу", bot_failed: "Бот тоқтады",
      reconnecting: "Қосылуда…", lang_label: "Тіл", today: "Бүгін", edited: "өзгертілді",
      failed: "Жіберілмеді", examples: ["Зейнеткерлік жас қанша?", "Атаулы әлеуметтік көмекті қалай алуға болады?", "Баспана кезегіне қалай тұруға болады?"],
    },
    ru: {
      status_bot: "бот", typing: "печатает…", placeholder: "Сообщение", menu: "Меню",
      send: "Отправить", new_chat: "Новый чат", operator: "Оператор", operator_sub: "Эта сессия песочницы",
      content: "Контент", reload: "Перезагрузить контент", reloading: "Загрузка…",
      unanswered: "Вопросы без ответа", none_yet: "Пока нет.", draft: "Черновик записи", draft_written: "Черновик записан:", analytics: "Аналитика",
      refresh: "Обновить", empty_title: "Попробуйте бота",
      empty_text: "Задайте вопрос о пенсии, пособиях, работе или жилье.",
      start: "Начать", open_report: "Открыть полный отчёт", bot_failed: "Бот остановился",
      reconnecting: "Подключение…", lang_label: "Язык", today: "Сегодня", edited: "изменено",
      failed: "Не отправлено", examples: ["Во сколько лет выходят на пенсию?", "Кому положена адресная социальная помощь?", "Как попасть в очередь на государственное жильё?"],
    },
    en: {
      status_bot: "bot", typing: "typing…", placeholder: "Message", menu: "Menu",
      send: "Send", new_chat: "New chat", operator: "Operator", operator_sub: "This sandbox session",
      content: "Content", reload: "Reload content", reloading: "Reloading…",
      unanswered: "Unanswered questions", none_yet: "None yet.", draft: "Draft an entry", draft_written: "Draft written:", analytics: "Analytics",
      refresh: "Refresh", empty_title: "Try the bot",
      empty_text: "Ask a question about pensions, benefits, work or housing.",
      start: "Start", open_report: "Open the full report", bot_failed: "The bot stopped",
      reconnecting: "Connecting…", lang_label: "Language", today: "Today", edited: "edited",
      failed: "Not sent", examples: ["What is the retirement age?", "Who is eligible for TSA?", "How do I join the housing queue?"],
    },
  };

  const $ = (id) => document.getElementById(id);
  const els = {
    messages: $("messages"), empty: $("empty"), chips: $("chips"), input: $("input"),
    composer: $("composer"), send: $("send"), status: $("bot-status"), botName: $("bot-name"),
    connection: $("connection"), toast: $("toast"), commands: $("commands"), menuBtn: $("menu-btn"),
    langSwitch: $("lang-switch"), panel: $("panel"), reload: $("reload"),
    reloadResult: $("reload-result"), unanswered: $("unanswered"),
    unansweredEmpty: $("unanswered-empty"), report: $("report"), botFailed: $("bot-failed"),
  };

  let state = { user: { language_code: "ru" }, messages: [], commands: {}, typing: false, version: 0 };
  let uiLang = "ru";
  const rendered = new Map(); // message key -> { row, rev }
  let refreshTimer = null;
  let toastTimer = null;

  const t = (key) => (I18N[uiLang] || I18N.ru)[key];

  // ---------- Telegram HTML: a strict whitelist renderer ----------
  const NAMED_ENTITIES = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", nbsp: "\u00a0" };
  function decodeEntities(s) {
    return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,6});/g, (m, body) => {
      if (body[0] === "#") {
        const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return Object.prototype.hasOwnProperty.call(NAMED_ENTITIES, body) ? NAMED_ENTITIES[body] : m;
    });
  }

  const SIMPLE_TAGS = {
    b: "b", strong: "b", i: "i", em: "i", u: "u", ins: "u", s: "s", strike: "s", del: "s",
    code: "code", pre: "pre", blockquote: "blockquote",
  };
  const TAG_RE = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?)*)\s*>/;
  const ATTR_RE = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+)))?/g;

  function parseAttrs(src) {
    const out = {};
    let m;
    ATTR_RE.lastIndex = 0;
    while ((m = ATTR_RE.exec(src)) !== null) {
      out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
    }
    return out;
  }

  function safeHref(href) {
    return /^https?:\/\/[^\s]+$/i.test(href) ? href : null;
  }

  function makeLink(href) {
    const url = safeHref(href || "");
    if (!url) return document.createElement("span");
    const a = document.createElement("a");
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer nofollow";
    return a;
  }

  function makeSpoiler() {
    const span = document.createElement("span");
    span.className = "spoiler";
    span.addEventListener("click", () => span.classList.add("revealed"));
    return span;
  }

  // Returns a new element for an allowed opening tag, or null when the tag is not allowed.
  function elementFor(name, attrs) {
    if (Object.prototype.hasOwnProperty.call(SIMPLE_TAGS, name)) return document.createElement(SIMPLE_TAGS[name]);
    if (name === "a") return makeLink(attrs.href);
    if (name === "tg-spoiler") return makeSpoiler();
    if (name === "span" && attrs.class === "tg-spoiler") return makeSpoiler();
    if (name === "tg-emoji") return document.createElement("span");
    return null;
  }

  function renderTelegramHtml(container, html) {
    const stack = [{ name: null, el: container }];
    let text = "";
    const flush = () => {
      if (text) stack[stack.length - 1].el.appendChild(document.createTextNode(decodeEntities(text)));
      text = "";
    };
    let i = 0;
    while (i < html.length) {
      const lt = html.indexOf("<", i);
      if (lt < 0) { text += html.slice(i); break; }
      text += html.slice(i, lt);
      const m = TAG_RE.exec(html.slice(lt));
      if (!m) { text += "<"; i = lt + 1; continue; }
      const closing = m[1] === "/";
      const name = m[2].toLowerCase();
      if (closing) {
        let depth = -1;
        for (let k = stack.length - 1; k > 0; k--) if (stack[k].name === name) { depth = k; break; }
        if (depth < 0) { text += m[0]; i = lt + m[0].length; continue; }
        flush();
        stack.length = depth;
      } else {
        const el = elementFor(name, parseAttrs(m[3] || ""));
        if (!el) { text += m[0]; i = lt + m[0].length; continue; }
        flush();
        stack[stack.length - 1].el.appendChild(el);
        stack.push({ name, el });
      }
      i = lt + m[0].length;
    }
    flush();
  }

  // ---------- chat rendering ----------
  function timeOf(unix) {
    const d = new Date(unix * 1000);
    return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
  }
  function dayOf(unix) {
    const d = new Date(unix * 1000);
    if (d.toDateString() === new Date().toDateString()) return t("today");
    return d.toLocaleDateString([], { day: "numeric", month: "long" });
  }

  function buildKeyboard(msg) {
    const kb = document.createElement("div");
    kb.className = "keyboard";
    for (const row of msg.buttons) {
      const r = document.createElement("div");
      r.className = "kb-row";
      for (const btn of row) {
        let el;
        if (btn.url) {
          el = makeLink(btn.url);
          el.className = "kb-btn url";
        } else {
          el = document.createElement("button");
          el.type = "button";
          el.className = "kb-btn";
          if (btn.data) el.addEventListener("click", () => press(msg.id, btn.data, el));
          else el.disabled = true;
        }
        el.textContent = btn.text;
        el.title = btn.text;
        r.appendChild(el);
      }
      kb.appendChild(r);
    }
    return kb;
  }

  function buildRow(msg) {
    const row = document.createElement("div");
    row.className = "row " + (msg.out ? "out" : "in");
    row.dataset.messageId = String(msg.id);
    const bubble = document.createElement("div");
    bubble.className = "bubble";
    const body = document.createElement("span");
    body.className = "text";
    // Bot messages: the HTML the bot sent (parse_mode HTML), through the whitelist renderer.
    // The user's own messages: plain text, exactly as typed.
    if (msg.html !== null && msg.html !== undefined) renderTelegramHtml(body, msg.html);
    else body.textContent = msg.text;
    const meta = document.createElement("span");
    meta.className = "meta";
    if (msg.edited) {
      const ed = document.createElement("span");
      ed.className = "edited";
      ed.textContent = t("edited");
      meta.appendChild(ed);
    }
    meta.appendChild(document.createTextNode(timeOf(msg.date)));
    bubble.append(body, meta);
    row.appendChild(bubble);
    if (msg.buttons && msg.buttons.length) row.appendChild(buildKeyboard(msg));
    return row;
  }

  // ---------- the WhatsApp view ----------
  // What the WhatsApp channel sends, shown as WhatsApp shows it: *bold* and _italic_ per line,
  // up to 3 reply buttons under a message, or a list behind a button. Text via textContent only.
  let channel = "telegram";
  let waMessages = [];

  function renderWhatsAppText(container, text) {
    const lines = String(text).split("\n");
    lines.forEach((line, i) => {
      if (i > 0) container.appendChild(document.createElement("br"));
      const re = /(\*[^*\n]+\*|_[^_\n]+_)/g;
      let last = 0;
      let m;
      while ((m = re.exec(line)) !== null) {
        if (m.index > last) container.appendChild(document.createTextNode(line.slice(last, m.index)));
        const el = document.createElement(m[0][0] === "*" ? "b" : "i");
        el.textContent = m[0].slice(1, -1);
        container.appendChild(el);
        last = m.index + m[0].length;
      }
      if (last < line.length) container.appendChild(document.createTextNode(line.slice(last)));
    });
  }

  function waBubble(out, fill) {
    const row = document.createElement("div");
    row.className = "row " + (out ? "out" : "in") + " wa";
    const bubble = document.createElement("div");
    bubble.className = "bubble";
    const body = document.createElement("span");
    body.className = "text";
    fill(body);
    bubble.appendChild(body);
    row.appendChild(bubble);
    return row;
  }

  function waChoice(id, title) {
    waSend({ choice: id, title });
  }

  function buildWhatsApp(item) {
    if (item.from === "user") return waBubble(true, (body) => { body.textContent = item.text; });
    const msg = item.message || {};
    if (msg.type === "text") return waBubble(false, (body) => renderWhatsAppText(body, msg.text.body));
    const inter = msg.interactive || {};
    const row = waBubble(false, (body) => renderWhatsAppText(body, (inter.body || {}).text || ""));
    row.dataset.waType = inter.type;
    const action = inter.action || {};
    if (inter.type === "button") {
      const box = document.createElement("div");
      box.className = "wa-buttons";
      for (const b of action.buttons || []) {
        const el = document.createElement("button");
        el.type = "button";
        el.className = "wa-btn";
        el.textContent = b.reply.title;
        el.addEventListener("click", () => waChoice(b.reply.id, b.reply.title));
        box.appendChild(el);
      }
      row.appendChild(box);
    } else if (inter.type === "list") {
      const open = document.createElement("button");
      open.type = "button";
      open.className = "wa-btn wa-open";
      open.textContent = "≡ " + action.button;
      const list = document.createElement("div");
      list.className = "wa-list";
      list.hidden = true;
      for (const section of action.sections || []) {
        if (section.title) {
          const h = document.createElement("div");
          h.className = "wa-section";
          h.textContent = section.title;
          list.appendChild(h);
        }
        for (const r of section.rows || []) {
          const el = document.createElement("button");
          el.type = "button";
          el.className = "wa-row";
          const title = document.createElement("span");
          title.className = "wa-row-title";
          title.textContent = r.title;
          el.appendChild(title);
          if (r.description) {
            const desc = document.createElement("span");
            desc.className = "wa-row-desc";
            desc.textContent = r.description;
            el.appendChild(desc);
          }
          el.addEventListener("click", () => { list.hidden = true; waChoice(r.id, r.title); });
          list.appendChild(el);
        }
      }
      open.addEventListener("click", () => { list.hidden = !list.hidden; });
      const box = document.createElement("div");
      box.className = "wa-buttons";
      box.appendChild(open);
      row.append(box, list);
    }
    return row;
  }

  function renderWhatsApp() {
    els.empty.hidden = waMessages.length > 0;
    const nodes = [els.empty, ...waMessages.map(buildWhatsApp)];
    els.messages.replaceChildren(...nodes);
    els.messages.scrollTop = els.messages.scrollHeight;
  }

  async function waSend(body) {
    try {
      const data = await post("/api/whatsapp", body);
      waMessages = data.messages || [];
      renderWhatsApp();
      scheduleOperatorRefresh();
    } catch (err) {
      showToast(t("failed") + ": " + err.message, true);
    }
  }

  async function setChannel(next) {
    channel = next;
    document.body.classList.toggle("whatsapp", channel === "whatsapp");
    for (const b of $("channel-switch").querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.dataset.channel === channel));
    rendered.clear();
    if (channel === "whatsapp") {
      try {
        const res = await fetch("/api/whatsapp");
        waMessages = (await res.json()).messages || [];
      } catch (err) {
        waMessages = [];
      }
      renderWhatsApp();
    } else {
      renderMessages();
    }
  }
  for (const b of $("channel-switch").querySelectorAll("button")) {
    b.addEventListener("click", () => setChannel(b.dataset.channel));
  }

  function renderMessages() {
    if (channel === "whatsapp") return renderWhatsApp();
    const msgs = state.messages;
    els.empty.hidden = msgs.length > 0;
    const nearBottom = els.messages.scrollHeight - els.messages.scrollTop - els.messages.clientHeight < 120;
    const nodes = [];
    let lastDay = null;
    let grew = false;
    const seen = new Set();
    for (const msg of msgs) {
      const day = dayOf(msg.date);
      if (day !== lastDay) {
        const sep = document.createElement("div");
        sep.className = "day";
        sep.textContent = day;
        nodes.push(sep);
        lastDay = day;
      }
      const key = state.user.id + ":" + msg.id; // message ids restart in a new chat
      seen.add(key);
      const known = rendered.get(key);
      if (known && known.rev === msg.rev && known.lang === uiLang) {
        nodes.push(known.row);
        continue;
      }
      const row = buildRow(msg);
      if (known && known.rev !== msg.rev) {
        row.classList.add("flash");
      } else if (!known) {
        grew = true;
      }
      rendered.set(key, { row, rev: msg.rev, lang: uiLang });
      nodes.push(row);
    }
    for (const key of [...rendered.keys()]) if (!seen.has(key)) rendered.delete(key);
    if (state.typing) {
      const row = document.createElement("div");
      row.className = "row in typing-row";
      const bubble = document.createElement("div");
      bubble.className = "bubble dots";
      for (let k = 0; k < 3; k++) { const s = document.createElement("span"); s.textContent = "•"; bubble.appendChild(s); }
      row.appendChild(bubble);
      nodes.push(row);
    }
    nodes.unshift(els.empty);
    els.messages.replaceChildren(...nodes);
    if (grew || nearBottom || state.typing) els.messages.scrollTop = els.messages.scrollHeight;
  }

  function renderChrome() {
    const lang = (state.user && state.user.language_code) || "ru";
    uiLang = I18N[lang] ? lang : "ru";
    document.documentElement.lang = uiLang;
    for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
    for (const el of document.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
    for (const el of document.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
    for (const el of document.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t(el.dataset.i18nLabel));
    for (const b of els.langSwitch.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.dataset.lang === uiLang));
    if (state.bot && state.bot.first_name) els.botName.textContent = state.bot.first_name;
    els.status.textContent = state.typing ? t("typing") : t("status_bot");
    els.botFailed.hidden = !state.bot_failed;
    els.botFailed.textContent = state.bot_failed ? t("bot_failed") + ": " + state.bot_failed : "";
    els.status.classList.toggle("typing", !!state.typing);
    els.chips.replaceChildren(...t("examples").map((q) => {
      const chip = document.createElement("button");
      chip.type = "button";
      chip.className = "chip";
      chip.textContent = q;
      chip.addEventListener("click", () => sendText(q));
      return chip;
    }));
    renderCommands();
  }

  function renderCommands() {
    const cmds = (state.commands && (state.commands[uiLang] || state.commands[""])) || [];
    els.menuBtn.hidden = cmds.length === 0;
    els.commands.replaceChildren(...cmds.map((c) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "cmd";
      const name = document.createElement("span");
      name.className = "cmd-name";
      name.textContent = "/" + c.command;
      const desc = document.createElement("span");
      desc.className = "cmd-desc";
      desc.textContent = c.description;
      b.append(name, desc);
      b.addEventListener("click", () => { els.commands.hidden = true; sendText("/" + c.command); });
      return b;
    }));
  }

  function applyState(next) {
    const langChanged = !state.user || next.user.language_code !== state.user.language_code;
    const botSpoke = next.bot_messages !== state.bot_messages;
    state = next;
    renderChrome();
    renderMessages();
    if (langChanged || botSpoke) scheduleOperatorRefresh();
  }

  function showToast(text, long) {
    els.toast.textContent = text;
    els.toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { els.toast.hidden = true; }, long ? 6000 : 3000);
  }
  els.toast.addEventListener("click", () => { els.toast.hidden = true; });

  // ---------- talking to the sandbox server ----------
  async function post(path, body) {
    const res = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body || {}),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(data.error || res.statusText);
    return data;
  }

  async function sendText(text) {
    const value = text.trim();
    if (!value) return;
    if (channel === "whatsapp") return waSend({ text: value });
    try {
      await post("/api/send", { text: value });
    } catch (err) {
      showToast(t("failed") + ": " + err.message, true);
    }
  }

  async function press(messageId, data, button) {
    button.classList.add("pending");
    try {
      await post("/api/press", { message_id: messageId, data });
    } catch (err) {
      showToast(t("failed") + ": " + err.message, true);
    } finally {
      setTimeout(() => button.classList.remove("pending"), 1500);
    }
  }

  function connect() {
    const source = new EventSource("/api/events");
    source.addEventListener("open", () => { els.connection.hidden = true; });
    source.addEventListener("error", () => { els.connection.hidden = false; });
    source.addEventListener("state", (ev) => applyState(JSON.parse(ev.data)));
    source.addEventListener("toast", (ev) => {
      const toast = JSON.parse(ev.data);
      if (toast.text) showToast(toast.text, toast.show_alert);
    });
  }

  // ---------- operator panel ----------
  function scheduleOperatorRefresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => { refreshUnanswered(); refreshReport(); }, 800);
  }

  async function refreshUnanswered() {
    try {
      const res = await fetch("/api/operator/unanswered");
      const data = await res.json();
      const items = data.items || [];
      els.unansweredEmpty.hidden = items.length > 0;
      els.unanswered.replaceChildren(...items.map((item) => {
        const li = document.createElement("li");
        li.appendChild(document.createTextNode(item.label));
        const count = document.createElement("span");
        count.className = "count";
        count.textContent = "×" + item.count;
        li.appendChild(count);
        const langs = Object.entries(item.by_lang || {}).map(([code, n]) => code + " " + n).join(" · ");
        if (langs) {
          const by = document.createElement("span");
          by.className = "langs";
          by.textContent = langs;
          li.appendChild(by);
        }
        if (item.examples && item.examples.length) li.title = item.examples.join("\n");
        if (data.drafts && item.key) {
          const btn = document.createElement("button");
          btn.type = "button";
          btn.className = "btn btn-light draft-btn";
          btn.textContent = t("draft");
          const result = document.createElement("div");
          result.className = "draft-result muted";
          btn.addEventListener("click", async () => {
            btn.disabled = true;
            try {
              const out = await post("/api/operator/draft", { cluster: item.key });
              result.textContent = t("draft_written") + " " + out.path;
            } catch (err) {
              result.textContent = err.message;
              btn.disabled = false;
            }
          });
          li.appendChild(btn);
          li.appendChild(result);
        }
        return li;
      }));
    } catch (err) {
      els.unansweredEmpty.hidden = false;
    }
  }

  function refreshReport() {
    els.report.src = "/api/operator/report?t=" + Date.now();
  }

  els.reload.addEventListener("click", async () => {
    els.reload.disabled = true;
    els.reloadResult.className = "reload-result";
    els.reloadResult.textContent = t("reloading");
    try {
      const data = await post("/api/operator/reload", {});
      els.reloadResult.replaceChildren();
      if (data.html) renderTelegramHtml(els.reloadResult, data.html);
      else els.reloadResult.textContent = data.text || "";
      els.reloadResult.classList.add(data.ok ? "ok" : "fail");
    } catch (err) {
      els.reloadResult.textContent = err.message;
      els.reloadResult.classList.add("fail");
    } finally {
      els.reload.disabled = false;
      scheduleOperatorRefresh();
    }
  });
  // WhatsApp has no commands: its way in is the word for "menu".
  const MENU_WORD = { kk: "мәзір", ru: "меню", en: "menu" };
  $("start").addEventListener("click", () => sendText(channel === "whatsapp" ? MENU_WORD[uiLang] || "меню" : "/start"));
  $("refresh-unanswered").addEventListener("click", refreshUnanswered);
  $("refresh-report").addEventListener("click", refreshReport);
  $("toggle-panel").addEventListener("click", () => els.panel.classList.toggle("closed"));

  // ---------- composer, menu, language ----------
  function autosize() {
    els.input.style.height = "auto";
    els.input.style.height = Math.min(els.input.scrollHeight, 160) + "px";
  }
  els.input.addEventListener("input", autosize);
  els.input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      els.composer.requestSubmit();
    }
  });
  els.composer.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = els.input.value;
    els.input.value = "";
    autosize();
    sendText(text);
    els.input.focus();
  });
  els.menuBtn.addEventListener("click", () => { els.commands.hidden = !els.commands.hidden; });
  document.addEventListener("click", (ev) => {
    if (!els.commands.hidden && !els.commands.contains(ev.target) && !els.menuBtn.contains(ev.target)) {
      els.commands.hidden = true;
    }
  });
  for (const b of els.langSwitch.querySelectorAll("button")) {
    b.addEventListener("click", async () => {
      try {
        await post("/api/lang", { lang: b.dataset.lang });
      } catch (err) {
        showToast(t("failed") + ": " + err.message, true);
      }
    });
  }
  $("new-chat").addEventListener("click", () => post("/api/reset", {})
    .then(() => { waMessages = []; if (channel === "whatsapp") renderWhatsApp(); })
    .catch((err) => showToast(err.message, true)));

  // Exposed for the browser test: it checks that the renderer never executes or injects markup.
  window.sandboxRender = { renderTelegramHtml };

  // On a phone-sized screen the chat comes first; ☰ opens the operator panel below it.
  if (window.matchMedia("(max-width: 900px)").matches) els.panel.classList.add("closed");
  renderChrome();
  connect();
  scheduleOperatorRefresh();
  els.input.focus();
})();
