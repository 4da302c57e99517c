// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Live progress: a card with data-progress-url polls the JSON endpoint and updates counts.
  function pct(value) {
    return value === null || value === undefined ? "—" : (value * 100).toFixed(1) + "%";
  }

  function startProgress(card) {
    var url = card.getAttribute("data-progress-url");
    var note = card.querySelector("[data-live-note]");
    var bar = card.querySelector("[data-progress-bar]");
    var failures = 0;
    var timer = null;
    if (note) note.hidden = false;

    function render(data) {
      card.querySelectorAll("[data-field]").forEach(function (el) {
        var key = el.getAttribute("data-field");
        if (key === "done") {
          el.textContent = String(data.sent + data.bounced + data.failed);
        } else if (key === "invitations_total") {
          el.textContent = String(data.invitations);
        } else if (key in data) {
          el.textContent = el.getAttribute("data-format") === "pct" ? pct(data[key]) : String(data[key]);
        }
      });
      if (bar) {
        bar.max = Math.max(1, data.invitations);
        bar.value = data.sent + data.bounced + data.failed;
      }
      card.setAttribute("data-status", data.status);
    }

    function tick() {
      if (document.hidden) { schedule(); return; }
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
        .then(function (data) {
          failures = 0;
          render(data);
          if (data.status === "closed") { stop(); return; }
          schedule();
        })
        .catch(function () {
          failures += 1;
          if (failures < 5) { schedule(); } else { stop(); }
        });
    }
    function schedule() { timer = window.setTimeout(tick, failures ? 10000 : 3000); }
    function stop() { if (timer) window.clearTimeout(timer); if (note) note.hidden = true; }
    schedule();
  }

  document.querySelectorAll("[data-progress-url]").forEach(function (card) {
    if (card.getAttribute("data-status") !== "closed" && window.fetch) startProgress(card);
  });

  // Long submits (uploads, sends): disable the button and show a working indicator.
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var busy = form.querySelector(".busy");
      if (busy) busy.hidden = false;
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });

  // Move focus to an error summary or row-error table so keyboard and screen-reader users land on it.
  var problem = document.querySelector(".error-summary, #row-errors");
  if (problem) problem.focus();
})();
