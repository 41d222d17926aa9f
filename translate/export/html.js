/* tolka bilingual view: hovering or focusing a sentence highlights its
   counterpart in the other column (class "hl") and the sentences it is
   quote-linked to (class "hl-link").  The page reads fine without this. */
(function () {
  "use strict";
  var lit = [];

  function all(id) {
    // ids are integers written by tolka, never article text
    return document.querySelectorAll('[data-seg="' + id + '"]');
  }
  function mark(nodes, cls) {
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].classList.add(cls);
      lit.push([nodes[i], cls]);
    }
  }
  function clear() {
    for (var i = 0; i < lit.length; i++) lit[i][0].classList.remove(lit[i][1]);
    lit = [];
  }
  function show(el) {
    clear();
    mark(all(el.getAttribute("data-seg")), "hl");
    mark([el], "hl-self");
    var rel = (el.getAttribute("data-rel") || "").split(" ");
    for (var i = 0; i < rel.length; i++) if (rel[i]) mark(all(rel[i]), "hl-link");
  }
  function owner(node) {
    return node && node.closest ? node.closest("[data-seg]") : null;
  }

  document.addEventListener("mouseover", function (e) {
    var el = owner(e.target);
    if (el) show(el);
  });
  document.addEventListener("mouseout", function (e) {
    var el = owner(e.target);
    if (el && !el.contains(e.relatedTarget)) clear();
  });
  document.addEventListener("focusin", function (e) {
    var el = owner(e.target);
    if (el) show(el); else clear();
  });
  document.addEventListener("focusout", function (e) {
    if (!owner(e.relatedTarget)) clear();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") clear();
  });
  document.documentElement.classList.add("js");
})();
