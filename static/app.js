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

  // Report downloads: the API answers the PDF, or 202 with a background job to poll.
  function saveBlob(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    window.setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
  }

  function fileName(response, fallback) {
    var header = response.headers.get("content-disposition") || "";
    var utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);  // keeps Japanese titles
    if (utf8) { try { return decodeURIComponent(utf8[1]); } catch (e) { /* use the fallback */ } }
    var match = /filename="([^"]+)"/.exec(header);
    return match ? match[1] : fallback;
  }

  document.querySelectorAll("a[data-report]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!window.fetch || !window.URL || !URL.createObjectURL) return;
      event.preventDefault();
      var holder = link.parentNode;
      var busy = holder ? holder.querySelector(".busy") : null;
      var bar = busy ? busy.querySelector("progress") : null;
      if (busy) busy.hidden = false;
      link.setAttribute("aria-disabled", "true");
      function done() { if (busy) busy.hidden = true; link.removeAttribute("aria-disabled"); }
      function fail(error) {
        done();
        if (error && error.serverSaid) {
          var note = document.createElement("p");
          note.className = "error";
          note.setAttribute("role", "alert");
          note.textContent = link.getAttribute("data-error") || "The report could not be made.";
          link.insertAdjacentElement("afterend", note);
        } else {
          window.location.href = link.href;  // no script path: let the browser try itself
        }
      }
      function serverError(status) {
        var error = new Error(String(status));
        error.serverSaid = true;
        return error;
      }
      function fetchPdf(url) {
        return fetch(url, { credentials: "same-origin" }).then(function (r) {
          if (r.status === 202) {
            return r.json().then(function (job) { poll(job); });
          }
          if (!r.ok) throw serverError(r.status);
          return r.blob().then(function (blob) { saveBlob(blob, fileName(r, "report.pdf")); done(); });
        });
      }
      function poll(job) {
        window.setTimeout(function () {
          fetch(job.poll, { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then(function (r) { return r.json(); })
            .then(function (status) {
              if (bar) { bar.max = 1; bar.value = status.progress || 0; }
              if (status.state === "done") { return fetchPdf(job.download); }
              if (status.state === "failed") { throw serverError(500); }
              poll(job);
            })
            .catch(fail);
        }, 1000);
      }
      fetchPdf(link.href).catch(fail);
    });
  });

  // Move focus to an error summary or row-error table so keyboard and screen-reader users land on it.
  var problem = document.querySelector(".error-summary, #row-errors");
  if (problem) problem.focus();
})();
