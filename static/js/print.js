// "Print" buttons: behaviour lives here, not in an inline handler, so the
// Content-Security-Policy can forbid inline scripts (script-src 'self').
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});
