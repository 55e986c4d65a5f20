// Progressive enhancement only: the site works fully without this file.
(function () {
  "use strict";
  var input = document.querySelector("input[data-autocomplete]");
  if (!input || !window.fetch) return;
  var list = document.createElement("ul");
  list.className = "suggestions";
  list.id = "site-q-suggestions";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-autocomplete", "list");
  input.form.appendChild(list);
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
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-expanded", "false");
  input.addEventListener("keydown", function (event) {
    if (list.hidden) return;
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = options()[active].querySelector("a").href;
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 200); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { close(); return; }
    timer = setTimeout(function () {
      fetch(input.dataset.autocomplete + "?lang=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) {
          list.innerHTML = "";
          active = -1;
          (data.suggestions || []).slice(0, 6).forEach(function (s, i) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = s.url || (input.form.action + "?q=" + encodeURIComponent(s.text));
            a.textContent = s.text;
            a.tabIndex = -1;
            li.id = list.id + "-" + i;
            li.setAttribute("role", "option");
            li.setAttribute("aria-selected", "false");
            li.appendChild(a);
            list.appendChild(li);
          });
          list.hidden = !list.children.length;
          input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
        }).catch(close);
    }, 150);
  });
})();
