/* SalesOps: the little every page needs. The phone menu button (base.html) shows and hides the
   main navigation and says so to screen readers (aria-expanded). Loaded right after the header.
   Without this script the button stays hidden (CSS shows it only under .js-nav) and the menu
   stays open, so the navigation always works. */
(function () {
  "use strict";
  var button = document.querySelector(".nav-toggle");
  var nav = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!nav) return;
  var phone = window.matchMedia("(max-width: 720px)");

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("is-open", open);
  }

  document.documentElement.classList.add("js-nav");
  setOpen(false);
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && phone.matches && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();

/* A table that scrolls sideways inside its box (.table-wrap, .scroll-x) must be scrollable by
   keyboard too (WCAG 2.1.1): when the box really scrolls and holds nothing focusable, it becomes
   focusable itself (arrow keys scroll it), named after its table's caption or the heading before
   it. Re-checked when the window changes size. */
(function () {
  "use strict";
  var FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";

  function nameOf(box) {
    var caption = box.querySelector("caption");
    if (caption) return caption.textContent.trim();
    for (var node = box.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) return node.textContent.trim();
    }
    return "";
  }

  function mark() {
    document.querySelectorAll(".table-wrap, .scroll-x").forEach(function (box) {
      var ours = box.hasAttribute("data-scroll-focus");
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !ours && !box.hasAttribute("tabindex") && !box.querySelector(FOCUSABLE)) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-focus", "");
        var name = nameOf(box);
        if (name) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", name);
        }
      } else if (!scrolls && ours) {
        ["tabindex", "data-scroll-focus", "role", "aria-label"].forEach(function (a) { box.removeAttribute(a); });
      }
    });
  }

  var pending;
  window.addEventListener("resize", function () { clearTimeout(pending); pending = setTimeout(mark, 150); });
  window.addEventListener("load", mark);  // web fonts and images may change the widths
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
})();
