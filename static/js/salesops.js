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
