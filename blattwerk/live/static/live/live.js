// Live updates for reader pages: one EventSource per tab; pages work without this file.
// Events come from /live/stream/ (see blattwerk/live/views.py); each carries its log id, so after a
// reconnect the browser's Last-Event-ID makes the server replay exactly what this tab missed.
(function () {
  "use strict";

  var MIN_DELAY = 1000;
  var MAX_DELAY = 60000;
  var RELATIVE_EVERY = 30000;
  var source = null;
  var delay = MIN_DELAY;
  var lastId = null;
  var pendingArticles = [];

  // -- relative times ("vor 3 Minuten"), exact time in the title --------------------------------
  function relative(date, now) {
    var seconds = Math.round((now - date) / 1000);
    if (seconds < 60) { return "gerade eben"; }
    var minutes = Math.round(seconds / 60);
    if (minutes < 60) { return minutes === 1 ? "vor 1 Minute" : "vor " + minutes + " Minuten"; }
    var hours = Math.round(minutes / 60);
    if (hours < 24) { return hours === 1 ? "vor 1 Stunde" : "vor " + hours + " Stunden"; }
    return null;
  }

  function updateTimes(root) {
    var now = Date.now();
    Array.prototype.forEach.call((root || document).querySelectorAll("time[data-relative]"), function (el) {
      var date = new Date(el.getAttribute("datetime"));
      if (isNaN(date)) { return; }
      if (!el.hasAttribute("data-absolute")) { el.setAttribute("data-absolute", el.textContent); }
      var text = relative(date, now);
      el.textContent = text || el.getAttribute("data-absolute");
    });
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  // -- live blog entries ------------------------------------------------------------------------
  function removeEntry(id) {
    var existing = document.getElementById("eintrag-" + id);
    if (existing) { existing.parentNode.removeChild(existing); }
    refreshPinned();
  }

  function refreshPinned() {
    var pinned = document.querySelector("[data-live-entries='pinned']");
    var section = document.querySelector("[data-live-pinned-section]");
    if (pinned && section) { section.hidden = !pinned.querySelector(".live-entry"); }
  }

  function upsertEntry(data) {
    var list = document.querySelector("[data-live-entries='" + (data.pinned ? "pinned" : "timeline") + "']");
    if (!list) { return; }
    var element = fragment(data.html);
    var existing = document.getElementById("eintrag-" + data.entry);
    if (existing && existing.parentNode === list) {
      list.replaceChild(element, existing);
    } else {
      if (existing) { existing.parentNode.removeChild(existing); }
      var time = element.getAttribute("data-time");
      var before = null;
      Array.prototype.some.call(list.querySelectorAll(".live-entry"), function (other) {
        if (other.getAttribute("data-time") <= time) { before = other; return true; }
        return false;
      });
      list.insertBefore(element, before);
      if (!existing) { element.classList.add("live-entry--new"); }
    }
    var empty = document.querySelector("[data-live-empty]");
    if (empty) { empty.parentNode.removeChild(empty); }
    updateTimes(element);
    refreshPinned();
  }

  function endLiveBlog() {
    var marker = document.querySelector("[data-live-marker]");
    if (marker) { marker.hidden = true; }
  }

  // -- breaking news ----------------------------------------------------------------------------
  var breakingTimer = null;

  function showBreaking(data) {
    var bar = document.getElementById("breaking-news");
    if (!bar) { return; }
    bar.innerHTML = data.html;
    scheduleExpiry(data.expires);
  }

  function clearBreaking(data) {
    var bar = document.getElementById("breaking-news");
    if (!bar) { return; }
    var item = bar.querySelector("[data-breaking-id]");
    if (!data || !item || String(data.id) === item.getAttribute("data-breaking-id") || data.all) { bar.innerHTML = ""; }
  }

  function scheduleExpiry(expires) {
    if (breakingTimer) { clearTimeout(breakingTimer); breakingTimer = null; }
    if (!expires) { return; }
    var wait = new Date(expires).getTime() - Date.now();
    if (wait <= 0) { clearBreaking({ all: true }); return; }
    breakingTimer = setTimeout(function () { clearBreaking({ all: true }); }, Math.min(wait, 2147483000));
  }

  // -- new articles on home and section pages -----------------------------------------------------
  function articleList() {
    return document.querySelector("[data-live-list]");
  }

  function noticeButton(list) {
    var button = document.getElementById("live-new-articles");
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.id = "live-new-articles";
      button.className = "live-notice";
      button.hidden = true;
      var status = document.createElement("div");
      status.setAttribute("aria-live", "polite");
      status.appendChild(button);
      list.parentNode.insertBefore(status, list);
      button.addEventListener("click", showNewArticles);
    }
    return button;
  }

  function newArticle(data) {
    var list = articleList();
    if (!list) { return; }
    var kind = list.getAttribute("data-live-list");
    if (kind !== "latest" && kind !== "section-" + data.section) { return; }
    if (document.querySelector("[data-article-id='" + data.article + "']")) { return; }
    pendingArticles.push({ kind: kind, data: data });
    var count = pendingArticles.length;
    var button = noticeButton(list);
    button.textContent = (count === 1 ? "1 neuer Artikel" : count + " neue Artikel") + " — anzeigen";
    button.hidden = false;
  }

  function showNewArticles() {
    var list = articleList();
    if (!list) { return; }
    pendingArticles.reverse().forEach(function (item) {
      var html = item.kind === "latest" ? "<li>" + item.data.home_html + "</li>" : item.data.section_html;
      var element = fragment(html);
      element.setAttribute("data-article-id", item.data.article);
      list.insertBefore(element, list.firstElementChild);
    });
    pendingArticles = [];
    var button = document.getElementById("live-new-articles");
    if (button) { button.hidden = true; }
  }

  // -- the stream -------------------------------------------------------------------------------
  var handlers = {
    "entry": upsertEntry,
    "entry-deleted": function (data) { removeEntry(data.entry); },
    "liveblog-ended": endLiveBlog,
    "breaking": showBreaking,
    "breaking-cleared": clearBreaking,
    "article": newArticle
  };

  function channels() {
    var names = [];
    Array.prototype.forEach.call(document.querySelectorAll("[data-live-channel]"), function (el) {
      var name = el.getAttribute("data-live-channel");
      if (names.indexOf(name) < 0) { names.push(name); }
    });
    return names;
  }

  function connect(bar) {
    if (source) { return; }  // one stream per tab
    var url = bar.getAttribute("data-live-stream") + "?channels=" + encodeURIComponent(channels().join(","));
    var since = lastId !== null ? lastId : bar.getAttribute("data-live-since");
    if (since) { url += "&since=" + encodeURIComponent(since); }
    source = new EventSource(url);
    source.onopen = function () { delay = MIN_DELAY; };
    Object.keys(handlers).forEach(function (type) {
      source.addEventListener(type, function (event) {
        if (event.lastEventId) { lastId = event.lastEventId; }
        try { handlers[type](JSON.parse(event.data)); } catch (error) { /* one bad event must not stop the rest */ }
      });
    });
    source.onerror = function () {
      // The browser retries by itself while the connection is CONNECTING; if it gave up, back off and reopen.
      if (source && source.readyState === EventSource.CLOSED) {
        source = null;
        setTimeout(function () { connect(bar); }, delay);
        delay = Math.min(delay * 2, MAX_DELAY);
      }
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    updateTimes(document);
    setInterval(function () { updateTimes(document); }, RELATIVE_EVERY);
    var bar = document.getElementById("breaking-news");
    if (!bar || !window.EventSource) { return; }
    var item = bar.querySelector("[data-expires]");
    if (item) { scheduleExpiry(item.getAttribute("data-expires")); }
    connect(bar);
  });
})();
