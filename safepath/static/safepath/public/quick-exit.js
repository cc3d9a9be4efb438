// Quick exit: replace this page by a neutral one, leaving no history entry
// for it, on a click of the button or the Esc key. Without JavaScript the
// button is a plain link and still leaves.
(function () {
  "use strict";
  var link = document.querySelector("a[data-quick-exit]");
  if (!link) {
    return;
  }
  function leave(event) {
    event.preventDefault();
    document.body.hidden = true;
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") {
      leave(event);
    }
  });
})();
