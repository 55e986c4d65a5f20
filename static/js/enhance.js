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
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { list.hidden = true; return; }
    timer = setTimeout(function () {
      fetch(input.dataset.autocomplete + "?q=" + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) {
          list.innerHTML = "";
          (data.suggestions || []).slice(0, 6).forEach(function (s) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = s.url || ("/search/?q=" + encodeURIComponent(s.text));
            a.textContent = s.text;
            li.setAttribute("role", "option");
            li.appendChild(a);
            list.appendChild(li);
          });
          list.hidden = !list.children.length;
        }).catch(function () { list.hidden = true; });
    }, 150);
  });
})();
