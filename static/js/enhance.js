// Progressive enhancement only: the site works fully without this file.
(function () {
  "use strict";
  var input = document.querySelector("input[data-autocomplete]");
  if (!input || !window.fetch) return;
  var list = document.createElement("ul");
  list.className = "suggestions";
  list.id = "site-q-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.dataset.listLabel || "Suggestions");
  list.hidden = true;
  // Said to screen readers when suggestions arrive (the list itself opens silently). A
  // polite live region, not role=status: the page's own status (a result count, "saved")
  // stays the one status there is.
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("aria-live", "polite");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-autocomplete", "list");
  input.form.appendChild(list);
  input.form.appendChild(status);
  var timer = null;
  var active = -1;
  // The reader's language: the page's own (suggestions are titles in that language).
  var lang = document.documentElement.lang || "en";
  function options() { return list.querySelectorAll("[role=option]"); }
  function close() {
    list.hidden = true;
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function highlight(index) {
    var items = options();
    if (!items.length) return;
    active = (index + items.length) % items.length;
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", items[active].id);
  }
  function show(suggestions) {
    list.innerHTML = "";
    active = -1;
    suggestions.slice(0, 6).forEach(function (s, i) {
      // Plain options, no links inside: a screen reader swiping the list reads each once.
      var li = document.createElement("li");
      li.textContent = s.text;
      li.dataset.href = s.url || (input.form.action + "?q=" + encodeURIComponent(s.text));
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      list.appendChild(li);
    });
    list.hidden = !list.children.length;
    input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
    status.textContent = list.hidden ? "" :
      (input.dataset.announce || "Suggestions: {n}").replace("{n}", list.children.length);
  }
  function suggest() {
    var q = input.value.trim();
    if (q.length < 2) { close(); status.textContent = ""; return; }
    fetch(input.dataset.autocomplete + "?lang=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(q))
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (data) { show(data.suggestions || []); })
      .catch(close);
  }
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-expanded", "false");
  input.addEventListener("keydown", function (event) {
    if (list.hidden) {
      // The list was dismissed: the down arrow brings it back for what is typed.
      if (event.key === "ArrowDown" && input.value.trim().length >= 2) { event.preventDefault(); suggest(); }
      return;
    }
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    // Escape closes the list and keeps the question: a search field's own Escape empties it.
    else if (event.key === "Escape") { event.preventDefault(); close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = options()[active].dataset.href;
    }
  });
  list.addEventListener("click", function (event) {
    var option = event.target.closest("[role=option]");
    if (option) window.location.href = option.dataset.href;
  });
  input.addEventListener("blur", function () { setTimeout(close, 200); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });
})();
