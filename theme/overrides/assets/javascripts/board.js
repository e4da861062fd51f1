/* The site's own small behaviours, loaded on every page (kept out of the pages: 2 KB each). */
/* Material's menu button is a <label> for a hidden checkbox, which a keyboard cannot reach: make it a button.
   Without JavaScript the footer's links still reach every top-level page. */
(function () {
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector('.md-header label[for="__drawer"]');
  if (!toggle || !button) { return; }
  button.setAttribute("role", "button");
  button.setAttribute("tabindex", "0");
  button.setAttribute("aria-label", "Menu");
  function sync() { button.setAttribute("aria-expanded", String(toggle.checked)); }
  // Material's own keyboard handler already clicks a focused label on Enter; a button also answers Space.
  button.addEventListener("keydown", function (event) {
    if (event.key === " ") { event.preventDefault(); button.click(); }
  });
  toggle.addEventListener("change", sync);
  sync();
})();
/* Material wraps a paper's own tables in a box that scrolls sideways (.md-typeset__scrollwrap) once the page
   has loaded; a keyboard can scroll it only if it can take focus (WCAG 2.1.1), and a screen reader should
   hear what it is. */
(function () {
  var article = document.querySelector("article");
  function label() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap, index) {
      if (wrap.hasAttribute("tabindex")) { return; }
      var caption = wrap.querySelector("caption");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table " + (index + 1));
    });
  }
  if (article) {
    new MutationObserver(label).observe(article, {childList: true, subtree: true});
    label();
  }
})();
/* Material's hidden toggles (the menu, its search dialog, the table of contents on a narrow screen) are
   checkboxes with no name of their own; some have no label at all (the search dialog's: this site has no such
   dialog). They are never shown, but a checker reading the form (pa11y's HTML_CodeSniffer: F68, H91) asks for a
   name, so each gets one saying what it opens. */
(function () {
  var names = {drawer: "Menu", search: "Search", toc: "Table of contents"};
  document.querySelectorAll("input.md-toggle[data-md-toggle], input.md-toggle[id='__toc']").forEach(function (input) {
    var kind = input.getAttribute("data-md-toggle") || "toc";
    if (!input.hasAttribute("aria-label") && names[kind]) { input.setAttribute("aria-label", names[kind]); }
  });
})();
/* The decisions register's filters (outcome, year, matter): each list item carries its values as data
   attributes; without JavaScript the form stays hidden and every decision is listed. */
(function () {
  var form = document.getElementById("bp-decision-filter");
  var count = document.getElementById("bp-decision-count");
  if (!form || !count) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll(".bp-decisions > li"));
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  function apply() {
    var shown = 0;
    items.forEach(function (item) {
      var keep = selects.every(function (select) {
        var want = select.value;
        var have = (item.getAttribute("data-" + select.getAttribute("data-key")) || "").split(" ");
        return !want || have.indexOf(want) !== -1;
      });
      item.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = shown + (shown === 1 ? " decision" : " decisions") +
      (shown === items.length ? "." : " of " + items.length + " match the filters.");
  }
  selects.forEach(function (select) { select.addEventListener("change", apply); });
  form.hidden = false;
})();
