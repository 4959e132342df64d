// The article reader: claim highlights, the claim panel, new claims from a selection,
// keyboard shortcuts and unsaved-note drafts. Loaded with the CSP nonce; no build step.
(function () {
  "use strict";
  // Strings go through Django's JavaScript catalog (/jsi18n/, loaded first); without it,
  // English.
  var gettext = window.gettext || function (text) { return text; };

  var DRAFT_PREFIX = "newsdesk-draft:";

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  function panel() { return $("#claim-panel .panel[data-claim]"); }
  function openClaimId() { var p = panel(); return p ? p.getAttribute("data-claim") : null; }

  // ---- highlights follow the panel ------------------------------------------------
  function syncHighlights() {
    var id = openClaimId();
    var p = panel();
    $all(".hl.current, .claim-item.open").forEach(function (el) { el.classList.remove("current", "open"); });
    if (!id) return;
    var status = p.getAttribute("data-status");
    $all('.hl[data-claim="' + id + '"]').forEach(function (el) {
      el.classList.add("current");
      el.className = el.className.replace(/\bst-[\w-]+/g, "").trim() + " st-" + status;
    });
    var item = document.getElementById("claim-item-" + id);
    if (item) item.classList.add("open");
  }

  // On a phone the panel is a bottom sheet over the lower part of the screen: the claim's
  // text goes to the top, where the sheet does not cover it.
  function narrow() { return window.matchMedia("(max-width: 820px)").matches; }

  function revealCurrent() {
    var id = openClaimId();
    if (!id) return;
    var hl = $('.hl[data-claim="' + id + '"]');
    if (hl) hl.scrollIntoView({ block: narrow() ? "start" : "center", behavior: "smooth" });
    var item = document.getElementById("claim-item-" + id);
    if (item) item.scrollIntoView({ block: "nearest" });
  }

  // ---- drafts: nothing typed in the panel is lost, even on reload or when another ---------
  // form in the panel saves and the panel is redrawn. Every field with data-draft-key is
  // kept in localStorage while it differs from what the server sent, until its form saves.
  function restoreDrafts(root) {
    $all("[data-draft-key]", root).forEach(function (field) {
      var key = DRAFT_PREFIX + field.getAttribute("data-draft-key");
      var saved = null;
      try { saved = window.localStorage.getItem(key); } catch (e) { saved = null; }
      if (saved !== null && saved !== field.value && field.value === field.defaultValue) {
        field.value = saved;
        field.classList.add("restored");
        var details = field.closest("details");
        if (details) details.open = true;
      }
    });
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("[data-draft-key]")) return;
    try {
      var key = DRAFT_PREFIX + field.getAttribute("data-draft-key");
      if (field.value !== field.defaultValue && field.value.trim()) window.localStorage.setItem(key, field.value);
      else window.localStorage.removeItem(key);
    } catch (e) { /* storage full or disabled: the server keeps refused input anyway */ }
  });

  var pendingDraftKeys = [];

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    pendingDraftKeys = form && form.querySelectorAll
      ? $all("[data-draft-key]", form).map(function (f) { return DRAFT_PREFIX + f.getAttribute("data-draft-key"); })
      : [];
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "claim-panel") {
      var refused = $("#claim-panel .conflict, #claim-panel .flash.error");
      if (!refused && event.detail.requestConfig && event.detail.requestConfig.verb === "post") {
        pendingDraftKeys.forEach(function (key) {
          try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
        });
      }
      pendingDraftKeys = [];
      syncHighlights();
      restoreDrafts($("#claim-panel"));
      if (event.detail.requestConfig && event.detail.requestConfig.verb === "get") revealCurrent();
    }
  });

  // A save that did not reach the server (offline, server error) leaves the form as it
  // was; say so, so nobody walks away thinking it was saved.
  function saveFailed(event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id !== "claim-panel") return;
    var p = $("#claim-panel .panel");
    if (!p) return;
    var note = $(".flash.transport", p) || document.createElement("p");
    note.className = "flash error transport";
    note.setAttribute("role", "alert");
    note.textContent = event.type === "htmx:sendError"
      ? gettext("Not saved: the server could not be reached. Your input is still here; try again.")
      : gettext("Not saved: the server answered with an error. Your input is still here; try again.");
    var head = $(".panel-head", p);
    if (head) head.after(note); else p.prepend(note);
  }
  document.addEventListener("htmx:sendError", saveFailed);
  document.addEventListener("htmx:responseError", saveFailed);

  // htmx gives the focus back to a swapped field with the same id; after an auto-saved
  // choice in the review form, hand it back to the page so shortcuts work straight away.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.detail.target || event.detail.target.id !== "claim-panel") return;
    var active = document.activeElement;
    if (active && active.matches && active.matches("#review-form select")) active.blur();
  });

  // ---- selection -> new claim / new span -------------------------------------------------
  // A selection maps to text offsets through the segments it touches: each segment carries
  // data-start, its offset in article.text, and holds exactly its slice of the text. Parts
  // of the selection outside the article's text (a triple-click runs past it) are ignored.
  // Offsets count code points, as the server's Python strings do; JavaScript strings count
  // UTF-16 code units, two for an emoji or any other character outside the BMP.
  function points(str) {
    return Array.from(str).length;
  }

  function offsetIn(segment, container, offset, atEnd) {
    var base = parseInt(segment.getAttribute("data-start"), 10);
    if (!segment.contains(container)) return base + (atEnd ? points(segment.textContent) : 0);
    if (container.nodeType === Node.TEXT_NODE) {
      var walker = document.createTreeWalker(segment, NodeFilter.SHOW_TEXT);
      var before = 0, current;
      while ((current = walker.nextNode()) && current !== container) before += points(current.data);
      return base + before + points(container.data.slice(0, offset));
    }
    return base + (offset > 0 ? points(segment.textContent) : 0);
  }

  function currentSelection() {
    var text = $("#article-text");
    var selection = window.getSelection();
    if (!text || !selection || selection.isCollapsed || !selection.rangeCount) return null;
    var range = selection.getRangeAt(0);
    var touched = $all("[data-start]", text).filter(function (segment) {
      if (!range.intersectsNode(segment)) return false;
      // A range that ends at offset 0 of a segment touches it without selecting any of it.
      return !(range.endContainer === segment.firstChild && range.endOffset === 0) &&
             !(range.startContainer === segment.firstChild && range.startOffset === segment.textContent.length);
    });
    if (!touched.length) return null;
    var start = offsetIn(touched[0], range.startContainer, range.startOffset, false);
    var end = offsetIn(touched[touched.length - 1], range.endContainer, range.endOffset, true);
    if (end <= start) return null;
    var exact = touched.map(function (segment) {
      var s = parseInt(segment.getAttribute("data-start"), 10);
      var chars = Array.from(segment.textContent);
      var from = Math.max(start, s) - s, to = Math.min(end, s + chars.length) - s;
      return chars.slice(from, to).join("");
    }).join("");
    // Across paragraphs the blank lines between them are not on the page: send no quote to
    // check then, and let the server take the offsets as they are.
    var oneParagraph = touched[0].closest(".para") === touched[touched.length - 1].closest(".para");
    return {
      start: start, end: end, exact: oneParagraph ? exact : "",
      shown: oneParagraph ? exact : selection.toString(), rect: range.getBoundingClientRect(),
    };
  }

  var lastSelection = null;

  function hidePop() {
    var pop = $("#selection-pop");
    if (pop) pop.hidden = true;
    lastSelection = null;
  }

  // A claim is a statement, not a word: a double-click (which selects one word) is reading,
  // not asking for a new claim, so the popup waits for a selection of two words or more.
  function enoughWords(text) {
    return text.trim().split(/\s+/).filter(Boolean).length > 1;
  }

  function showPop() {
    var pop = $("#selection-pop");
    if (!pop) return;
    var sel = currentSelection();
    if (!sel || !enoughWords(sel.shown)) return;
    lastSelection = sel;
    var form = $("#new-claim-form");
    form.elements.start.value = sel.start;
    form.elements.end.value = sel.end;
    form.elements.exact.value = sel.exact;
    $("#sel-quote").textContent = sel.shown.length > 160 ? sel.shown.slice(0, 157) + "…" : sel.shown;
    $("#new-claim-error").textContent = "";
    var p = panel();
    // "Set as this claim's span" only applies to an open claim that is not rejected.
    $("#set-span-button").hidden = !(p && p.getAttribute("data-rejected") === "0");
    pop.hidden = false;
    var top = window.scrollY + sel.rect.bottom + 8;
    var left = Math.max(8, Math.min(window.scrollX + sel.rect.left, window.scrollX + document.documentElement.clientWidth - pop.offsetWidth - 8));
    pop.style.setProperty("--pop-top", top + "px");
    pop.style.setProperty("--pop-left", left + "px");
  }

  // A click that ends a text selection must not open the claim under the mouse.
  document.addEventListener("click", function (event) {
    var text = $("#article-text");
    if (!text || !text.contains(event.target)) return;
    var selection = window.getSelection();
    if (selection && !selection.isCollapsed && selection.toString().trim()) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  document.addEventListener("mousedown", function (event) {
    var pop = $("#selection-pop");
    if (pop && !pop.hidden && !pop.contains(event.target)) hidePop();
  });

  document.addEventListener("mouseup", function (event) {
    var text = $("#article-text");
    if (!text || !text.contains(event.target)) return;
    window.setTimeout(showPop, 0);
  });

  document.addEventListener("keyup", function (event) {
    if (event.shiftKey && $("#article-text") && currentSelection()) showPop();
  });

  // On a touch screen a selection is made with a long press and its handles; there is no
  // mouseup, so the popup follows the selection once it stops changing.
  var touchTimer = null;
  document.addEventListener("selectionchange", function () {
    if (!window.matchMedia("(pointer: coarse)").matches) return;
    window.clearTimeout(touchTimer);
    touchTimer = window.setTimeout(function () {
      var pop = $("#selection-pop");
      if (pop && pop.contains(document.activeElement)) return;
      if (currentSelection()) showPop();
    }, 600);
  });

  function setSpan() {
    var p = panel();
    if (!p || !lastSelection) return;
    // The CSRF header comes from hx-headers on <body>, the request's default source.
    window.htmx.ajax("POST", p.getAttribute("data-span-url"), {
      target: "#claim-panel",
      values: {
        start: lastSelection.start, end: lastSelection.end, exact: lastSelection.exact,
        version: p.getAttribute("data-version"),
      },
    });
    hidePop();
  }

  // ---- keyboard ----------------------------------------------------------------------------
  function typing(target) {
    if (!target || !target.closest) return false;
    return !!target.closest("input, textarea, select, [contenteditable=''], [contenteditable=true]");
  }

  function step(delta) {
    var links = $all("#claim-list .claim-item > a");
    if (!links.length) return;
    var id = openClaimId();
    var index = -1;
    links.forEach(function (link, i) { if (link.getAttribute("data-claim") === id) index = i; });
    var next = index === -1 ? (delta > 0 ? 0 : links.length - 1) : index + delta;
    if (next < 0 || next >= links.length) return;
    links[next].click();
  }

  function focusField(id) {
    var field = document.getElementById(id);
    if (field) {
      field.scrollIntoView({ block: "nearest" });
      field.focus();
      if (field.select && field.tagName === "INPUT") field.select();
    }
    return !!field;
  }

  function say(message) {
    var feedback = $("#key-feedback");
    if (feedback) feedback.textContent = message;
  }

  // A key sets a value of the review form and saves it. The select is never focused, so
  // the browser's type-ahead in a focused select cannot pick another option.
  function setReview(fieldId, value) {
    var field = document.getElementById(fieldId);
    if (!field) return false;
    field.value = value;
    if (field.value !== value) return false;
    // requestSubmit goes through htmx once it has processed the form, and is a plain
    // form post (then a redirect back here) if the key came in before that.
    field.form.requestSubmit();
    return true;
  }

  // The server derives the status keys from the status list (admins can add statuses) and
  // lists them beside the status field; the keys are read from there.
  function statusKey(key) {
    var choice = $('#status-keys [data-key="' + key + '"]');
    return choice ? choice.getAttribute("data-status") : null;
  }

  function nextUnreviewed() {
    var items = $all("#claim-list .claim-item");
    if (!items.length) return;
    var id = openClaimId();
    var index = -1;
    items.forEach(function (item, i) { if (item.id === "claim-item-" + id) index = i; });
    for (var n = 1; n <= items.length; n++) {
      var item = items[(index + n) % items.length];
      if (item.classList.contains("st-unreviewed") && item.id !== "claim-item-" + id) {
        say("");
        $("a", item).click();
        return;
      }
    }
    say(gettext("No other unreviewed claim in this article."));
  }

  // ---- the link picker: arrows choose among the results, Enter links the chosen one ------
  function pickerOptions() { return $all("#picker-results input[type=radio]"); }

  function movePick(delta) {
    var options = pickerOptions();
    if (!options.length) return;
    var index = options.findIndex(function (o) { return o.checked; });
    index = index === -1 ? (delta > 0 ? 0 : options.length - 1)
                         : Math.max(0, Math.min(options.length - 1, index + delta));
    options[index].checked = true;
    options.forEach(function (o) { o.closest("li").classList.toggle("active", o.checked); });
    options[index].closest("li").scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", function (event) {
    if (!event.target.matches || !event.target.matches("#field-link")) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      movePick(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (pickerOptions().some(function (o) { return o.checked; })) event.target.form.requestSubmit();
      else movePick(1);
    }
  });

  // A click on a result marks it as the chosen one, as the arrows do.
  document.addEventListener("change", function (event) {
    if (!event.target.matches || !event.target.matches("#picker-results input[type=radio]")) return;
    pickerOptions().forEach(function (o) { o.closest("li").classList.toggle("active", o.checked); });
  });

  document.addEventListener("keydown", function (event) {
    var help = $("#shortcuts");
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.matches && event.target.matches("textarea")) {
      var form = event.target.form;
      if (form) { event.preventDefault(); form.requestSubmit(); }
      return;
    }
    if (event.key === "Escape") {
      if (help && help.open) { help.close(); return; }
      if ($("#selection-pop") && !$("#selection-pop").hidden) { hidePop(); return; }
      if (typing(event.target)) { event.target.blur(); return; }
      var close = $("#claim-panel .close");
      if (close) { event.preventDefault(); close.click(); }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (help && help.open && event.key !== "?") return;
    var key = event.key;
    // A focused suggested match takes a (confirm) and r (reject); elsewhere r keeps its
    // status meaning (refuted), so a merge never happens by a stray key.
    var suggestion = event.target.closest && event.target.closest(".suggestion");
    if (suggestion && (key === "a" || key === "r")) {
      var button = suggestion.querySelector(key === "a" ? "button.confirm" : "button.reject");
      if (button) { event.preventDefault(); button.click(); }
      return;
    }
    if (key === "j") { event.preventDefault(); step(1); }
    else if (key === "k") { event.preventDefault(); step(-1); }
    else if (key === "u") { event.preventDefault(); nextUnreviewed(); }
    else if (key === "t") { if (focusField("field-tag")) event.preventDefault(); }
    else if (key === "n") { if (focusField("field-note")) event.preventDefault(); }
    else if (key === "l") { if (focusField("field-link")) event.preventDefault(); }
    else if (key === "o") { if (focusField("field-source")) event.preventDefault(); }
    else if (key === "m") {
      var assignMe = $("#assign-me");
      if (assignMe) { event.preventDefault(); assignMe.click(); }
    }
    else if (key.length === 1 && key >= "1" && key <= "6") {
      if (setReview("field-credibility", key)) event.preventDefault();
    } else if (key.length === 1 && key >= "A" && key <= "F") {
      if (setReview("field-reliability", key)) event.preventDefault();
    } else if (key.length === 1 && key >= "a" && key <= "z" && statusKey(key)) {
      if (setReview("field-status", statusKey(key))) event.preventDefault();
    } else if (key === "?") {
      event.preventDefault();
      if (help) { if (help.open) help.close(); else help.showModal(); }
    }
  });

  // ---- @mentions: names of researchers offered as the note is typed ----------------
  var MENTION_BEFORE_CARET = /(^|[^\w@])@([\w.+-]{1,30})$/;
  var mentionTimer = null;

  function mentionList(field) { return field.parentNode.querySelector(".mention-list"); }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("textarea[data-mentions]")) return;
    var list = mentionList(field);
    if (!list) return;
    var match = MENTION_BEFORE_CARET.exec(field.value.slice(0, field.selectionStart));
    window.clearTimeout(mentionTimer);
    if (!match) { list.innerHTML = ""; return; }
    mentionTimer = window.setTimeout(function () {
      var url = field.getAttribute("data-mentions") + "?q=" + encodeURIComponent(match[2]);
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { list.innerHTML = html; });
    }, 200);
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest(".mention-list [data-username]");
    if (!option) return;
    event.preventDefault();
    var list = option.closest(".mention-list");
    var field = list.parentNode.querySelector("textarea[data-mentions]");
    var before = field.value.slice(0, field.selectionStart);
    var after = field.value.slice(field.selectionStart);
    var name = option.getAttribute("data-username");
    before = before.replace(/@[\w.+-]*$/, "@" + name + " ");
    field.value = before + after;
    field.focus();
    field.selectionStart = field.selectionEnd = before.length;
    list.innerHTML = "";
  });

  document.addEventListener("DOMContentLoaded", function () {
    syncHighlights();
    revealCurrent();
    restoreDrafts(document);
    var cancel = $("#selection-cancel");
    if (cancel) cancel.addEventListener("click", hidePop);
    var spanButton = $("#set-span-button");
    if (spanButton) spanButton.addEventListener("click", setSpan);
  });
})();
