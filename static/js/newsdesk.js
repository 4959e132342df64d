// Newsdesk page behaviour. Served from static/, loaded with the CSP nonce; no build step.
(function () {
  "use strict";

  // Keep the clipboard's HTML when the browser offers it, so the server can use the
  // page's structure and metadata; plain text stays in the textarea either way.
  function setUpPaste(form) {
    var box = form.querySelector("textarea[name=text]");
    var html = form.querySelector("input[name=html]");
    if (!box || !html) return;
    box.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      if (!data) return;
      var pasted = data.getData("text/html");
      html.value = pasted && pasted.trim() ? pasted : "";
    });
    box.addEventListener("input", function (event) {
      if (event.inputType && event.inputType !== "insertFromPaste") html.value = "";
    });
  }

  // The claims page: one checkbox selects every claim on the page for a bulk change.
  document.addEventListener("change", function (event) {
    if (!event.target.matches || !event.target.matches("#select-all")) return;
    var form = event.target.closest("form");
    form.querySelectorAll("input[name=claims]").forEach(function (box) {
      box.checked = event.target.checked;
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form#paste-form").forEach(setUpPaste);
  });
})();
