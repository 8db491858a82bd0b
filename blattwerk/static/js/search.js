// Suggestions while typing for the search fields (progressive enhancement: without this file the
// forms submit normally). An ARIA 1.2 combobox with a listbox popup; text is set with textContent only.
(function () {
  "use strict";

  var ENDPOINT = "/suche/vorschlaege/";
  var DELAY = 150;
  var counter = 0;

  function enhance(input) {
    counter += 1;
    var listId = "search-suggestions-" + counter;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Vorschläge");
    list.hidden = true;
    var wrapper = input.parentNode;
    wrapper.classList.add("search-suggest");
    wrapper.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var timer = null;
    var active = -1;
    var items = [];
    var lastQuery = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(index) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) { return; }
      active = (index + options.length) % options.length;
      Array.prototype.forEach.call(options, function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", options[active].id);
    }

    function render(suggestions) {
      items = suggestions;
      list.textContent = "";
      if (!suggestions.length) { close(); return; }
      suggestions.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "search-suggestions__item search-suggestions__item--" + item.kind;
        var kind = document.createElement("span");
        kind.className = "search-suggestions__kind";
        kind.textContent = item.kind === "topic" ? "Thema" : "Artikel";
        option.appendChild(kind);
        option.appendChild(document.createTextNode(" " + item.label));
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          go(i);
        });
        list.appendChild(option);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function go(index) {
      var item = items[index];
      if (item && item.url) { window.location.href = item.url; }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query.length < 2) { render([]); return; }
      if (query === lastQuery) { return; }
      lastQuery = query;
      fetch(ENDPOINT + "?q=" + encodeURIComponent(query), { headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (input.value.trim() === query) { render(data.suggestions || []); } })
        .catch(function () { render([]); });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); setActive(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); setActive(active - 1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); go(active); }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 100); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), enhance);
  });
})();
