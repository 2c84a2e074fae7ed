/*
 * CASE position statements assistant: embeddable chat widget.
 *
 *   <script src="https://ASSISTANT-HOST/widget.js" defer
 *           data-title="Ask about CASE's position statements"
 *           data-mode="bubble"        (bubble | iframe | inline)
 *           data-position="right"     (right | left)
 *           data-api="https://ASSISTANT-HOST"  (optional; defaults to where this script came from)
 *   ></script>
 *
 * Everything a user or a document wrote is put on the page with textContent (never innerHTML), so
 * nothing in a question, an answer or a quote can run in the host page. The widget lives in a
 * shadow root so host-page styles don't break it and its styles don't leak.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var data = script.dataset || {};
  var api = (data.api || new URL(script.src, document.baseURI).origin).replace(/\/+$/, "");
  var mode = data.mode || "bubble";
  var title = data.title || "Ask about CASE's position statements";
  var side = data.position === "left" ? "left" : "right";
  var channel = mode === "inline" ? "embed" : "widget";

  var VERDICTS = {
    yes: "Yes", no: "No", depends: "It depends", info: "Information",
    not_covered: "Not covered by the statements", refused: "Can't help with that"
  };
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  function issuedWords(issued) {
    var m = /^(\d{4})-(\d{2})/.exec(issued || "");
    return m ? MONTHS[parseInt(m[2], 10) - 1] + " " + m[1] : (issued || "");
  }
  function paragraphLabel(id) {
    var m = /#p(\d+)$/.exec(id || "");
    return m ? "paragraph " + m[1] : (id || "");
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function safeUrl(url) {
    try {
      var u = new URL(url);
      return (u.protocol === "https:" || u.protocol === "http:") ? u.href : null;
    } catch (e) { return null; }
  }

  var CSS = [
    ":host { all: initial; }",
    ".root { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #202124; }",
    ".bubble { position: fixed; bottom: 20px; " + side + ": 20px; width: 56px; height: 56px; border-radius: 50%;",
    "  border: none; background: #1a4f8b; color: #fff; font-size: 24px; cursor: pointer; z-index: 2147483000;",
    "  box-shadow: 0 4px 12px rgba(0,0,0,.25); }",
    ".panel { position: fixed; bottom: 88px; " + side + ": 20px; width: 380px; max-width: calc(100vw - 40px);",
    "  height: 560px; max-height: calc(100vh - 120px); background: #fff; border-radius: 12px; z-index: 2147483000;",
    "  box-shadow: 0 8px 28px rgba(0,0,0,.28); display: flex; flex-direction: column; overflow: hidden; }",
    ".panel[hidden] { display: none; }",
    ".inline .panel { position: static; width: 100%; max-width: none; height: 100vh; max-height: none;",
    "  border-radius: 0; box-shadow: none; }",
    ".head { background: #1a4f8b; color: #fff; padding: 10px 14px; font-weight: 600; display: flex; }",
    ".head span { flex: 1; }",
    ".head button { background: none; border: none; color: #fff; font-size: 18px; cursor: pointer; }",
    ".note { font-size: 12px; color: #5f6368; padding: 6px 14px; border-bottom: 1px solid #eee; }",
    ".log { flex: 1; overflow-y: auto; padding: 10px 14px; }",
    ".msg { margin: 8px 0; padding: 8px 10px; border-radius: 10px; white-space: pre-wrap; word-wrap: break-word; }",
    ".user { background: #e8f0fe; margin-left: 40px; }",
    ".bot { background: #f8f9fa; margin-right: 20px; }",
    ".verdict { display: inline-block; border-radius: 999px; padding: 1px 9px; font-weight: 600; font-size: 12px;",
    "  margin-bottom: 4px; border: 1px solid #5f6368; }",
    ".v-yes { background: #e6f4ea; color: #137333; border-color: #137333; }",
    ".v-no { background: #fce8e6; color: #a50e0e; border-color: #a50e0e; }",
    ".v-depends { background: #fef7e0; color: #8a5300; border-color: #8a5300; }",
    ".v-info { background: #e8f0fe; color: #174ea6; border-color: #174ea6; }",
    "details { margin-top: 6px; border-left: 3px solid #9aa0a6; padding-left: 8px; white-space: normal; }",
    "summary { cursor: pointer; font-size: 12px; }",
    "blockquote { margin: 4px 0; font-style: italic; }",
    "details a { font-size: 12px; }",
    ".error { color: #a50e0e; }",
    "form { display: flex; gap: 6px; padding: 10px; border-top: 1px solid #eee; }",
    "textarea { flex: 1; resize: none; font: inherit; padding: 6px 8px; border: 1px solid #ccc; border-radius: 6px; }",
    "form button { background: #1a4f8b; color: #fff; border: none; border-radius: 6px; padding: 0 14px;",
    "  cursor: pointer; }",
    "form button:disabled { opacity: .5; cursor: default; }"
  ].join("\n");

  function mountIframe() {
    var frame = document.createElement("iframe");
    frame.src = api + "/embed";
    frame.title = title;
    frame.style.cssText = "width:100%;max-width:420px;height:600px;border:1px solid #ddd;border-radius:12px;";
    script.parentNode.insertBefore(frame, script.nextSibling);
  }

  function mountChat() {
    var host = document.createElement("div");
    host.setAttribute("data-case-assistant", "");
    var shadow = host.attachShadow({ mode: "open" });
    var style = el("style");
    style.textContent = CSS;
    var root = el("div", "root" + (mode === "inline" ? " inline" : ""));
    shadow.appendChild(style);
    shadow.appendChild(root);

    var bubble = el("button", "bubble", "?");
    bubble.setAttribute("aria-label", title);
    var panel = el("div", "panel");
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", title);
    var head = el("div", "head");
    head.appendChild(el("span", null, title));
    var close = el("button", null, "×");
    close.setAttribute("aria-label", "Close");
    head.appendChild(close);
    var note = el("div", "note",
      "Answers quote CASE's position statements; CASE itself decides on accreditation.");
    var log = el("div", "log");
    log.setAttribute("aria-live", "polite");
    var form = el("form");
    var input = el("textarea");
    input.rows = 2;
    input.maxLength = 2000;
    input.placeholder = "Ask a question…";
    input.setAttribute("aria-label", "Your question");
    var send = el("button", null, "Ask");
    send.type = "submit";
    form.appendChild(input);
    form.appendChild(send);
    panel.appendChild(head);
    panel.appendChild(note);
    panel.appendChild(log);
    panel.appendChild(form);
    if (mode === "inline") {
      close.hidden = true;
      root.appendChild(panel);
    } else {
      panel.hidden = true;
      root.appendChild(bubble);
      root.appendChild(panel);
    }
    (document.body || document.documentElement).appendChild(host);

    var history = [];
    function toggle(open) {
      panel.hidden = !open;
      if (open) { input.focus(); }
    }
    bubble.addEventListener("click", function () { toggle(panel.hidden); });
    close.addEventListener("click", function () { toggle(false); });
    panel.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && mode !== "inline") { toggle(false); bubble.focus(); }
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
    });

    function addCitations(box, citations) {
      citations.forEach(function (c) {
        var d = el("details", "citation");
        d.setAttribute("data-passage-id", c.id);
        d.appendChild(el("summary", null,
          "[" + c.n + "] " + c.document + ", issued " + issuedWords(c.issued) + ", " + paragraphLabel(c.id)));
        d.appendChild(el("blockquote", "quote", c.quote));
        var url = safeUrl(c.url);
        if (url) {
          var a = el("a", null, "Read the statement");
          a.href = url;
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          d.appendChild(a);
        }
        box.appendChild(d);
      });
    }

    function parseEvents(buffer, onEvent) {
      // Server-sent events: blocks separated by a blank line; "event:" and "data:" fields.
      var parts = buffer.split(/\r?\n\r?\n/);
      var rest = parts.pop();
      parts.forEach(function (block) {
        var name = "message", lines = [];
        block.split(/\r?\n/).forEach(function (line) {
          if (line.indexOf("event:") === 0) { name = line.slice(6).trim(); }
          else if (line.indexOf("data:") === 0) { lines.push(line.slice(5).replace(/^ /, "")); }
        });
        if (lines.length) {
          try { onEvent(name, JSON.parse(lines.join("\n"))); } catch (e) { /* ignore a malformed event */ }
        }
      });
      return rest;
    }

    function ask(question) {
      var mine = el("div", "msg user", question);
      log.appendChild(mine);
      var box = el("div", "msg bot");
      box.setAttribute("data-state", "pending");
      var badge = el("span", "verdict", "…");
      var text = el("div", "text");
      box.appendChild(badge);
      box.appendChild(text);
      log.appendChild(box);
      log.scrollTop = log.scrollHeight;
      send.disabled = true;
      var answerText = "";

      function onEvent(name, payload) {
        if (name === "verdict") {
          badge.textContent = VERDICTS[payload.verdict] || payload.verdict;
          badge.className = "verdict v-" + payload.verdict;
          box.setAttribute("data-verdict", payload.verdict);
        } else if (name === "chunk") {
          answerText += payload.text;
          text.textContent = answerText;
        } else if (name === "citations") {
          addCitations(box, payload);
        } else if (name === "done") {
          box.setAttribute("data-state", "done");
          history.push({ role: "user", content: question }, { role: "assistant", content: answerText });
          history = history.slice(-20);
        } else if (name === "error") {
          showError(payload.message);
        }
        log.scrollTop = log.scrollHeight;
      }
      function showError(message) {
        box.setAttribute("data-state", "error");
        badge.textContent = "Error";
        text.className = "text error";
        text.textContent = message || "Something went wrong. Please try again.";
      }

      // A busy server answers 429 "busy" with Retry-After: wait and try again a few times.
      var BUSY_RETRIES = 3;
      function post(attempt) {
        return fetch(api + "/api/ask/stream", {
          method: "POST",
          headers: { "Content-Type": "application/json", "Accept": "text/event-stream",
                     "X-Assistant-Channel": channel },
          body: JSON.stringify({ question: question, history: history })
        }).then(function (res) {
          if (res.status !== 429 || attempt >= BUSY_RETRIES) { return res; }
          return res.clone().json().then(function (j) { return j && j.error === "busy"; },
                                         function () { return false; }).then(function (busy) {
            if (!busy) { return res; }
            var wait = Math.min(parseInt(res.headers.get("Retry-After"), 10) || 1, 10);
            text.textContent = "The assistant is busy; trying again in " + wait + " s…";
            return new Promise(function (r) { setTimeout(r, wait * 1000); }).then(function () {
              text.textContent = "";
              return post(attempt + 1);
            });
          });
        });
      }

      post(0).then(function (res) {
        if (!res.ok) {
          return res.json().then(function (j) { showError(j && j.message); },
                                 function () { showError("The assistant is unavailable (" + res.status + ")."); });
        }
        var reader = res.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        function pump() {
          return reader.read().then(function (r) {
            if (r.done) {
              parseEvents(buffer + "\n\n", onEvent);
              return;
            }
            buffer = parseEvents(buffer + decoder.decode(r.value, { stream: true }), onEvent);
            return pump();
          });
        }
        return pump();
      }).catch(function () {
        showError("Could not reach the assistant. Please try again later.");
      }).then(function () {
        send.disabled = false;
      });
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var q = input.value.trim();
      if (!q || send.disabled) { return; }
      input.value = "";
      ask(q);
    });
  }

  function start() {
    if (mode === "iframe") { mountIframe(); } else { mountChat(); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
