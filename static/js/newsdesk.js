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

  // On a narrow screen the main menu folds behind a button (without JavaScript it wraps).
  document.documentElement.classList.add("js");
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("#menu-button");
    if (!button) return;
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    document.getElementById("topnav").classList.toggle("open", open);
  });

  // The language switch comes back to the page as it is now: htmx may have changed the
  // address since the page was served (an opened claim), and `next` was written then.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("#language-switch")) return;
    var next = form.querySelector("input[name=next]");
    if (next) next.value = window.location.pathname + window.location.search;
  });

  // A link to a closed <details> (the reader's "what the cleaner removed") opens it.
  function openTarget(hash) {
    if (!hash || hash.length < 2) return;
    var target = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (target && target.tagName === "DETAILS") {
      target.open = true;
      target.scrollIntoView({ block: "start" });
    }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (link) openTarget(link.getAttribute("href"));
  });
  window.addEventListener("hashchange", function () { openTarget(window.location.hash); });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form#paste-form").forEach(setUpPaste);
    openTarget(window.location.hash);
  });
})();
