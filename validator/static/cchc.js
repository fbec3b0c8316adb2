// Enhancements only: every form and page works without this file.
// 1. Live progress: poll the JSON state and reload once the check has finished.
// 2. Drag and drop onto a file field's box.
(function () {
  "use strict";
  var WORDS = { queued: "Đang chờ kiểm tra", started: "Đang kiểm tra", done: "Đã kiểm tra", failed: "Lỗi khi kiểm tra" };
  var POLL_MS = 1500;

  function poll(box) {
    var url = box.getAttribute("data-poll");
    var text = box.querySelector("[data-state-text]");
    var refresh = document.querySelector('meta[http-equiv="refresh"]');
    if (refresh) refresh.parentNode.removeChild(refresh); // polling replaces the reload
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (body) {
          if (text && WORDS[body.state]) text.textContent = WORDS[body.state];
          if (body.state === "done" || body.state === "failed") window.location.reload();
          else window.setTimeout(tick, POLL_MS);
        })
        .catch(function () { window.setTimeout(tick, POLL_MS * 2); });
    }
    window.setTimeout(tick, POLL_MS);
  }

  function dropZone(box) {
    var input = box.querySelector('input[type="file"]');
    var hint = box.querySelector(".drop-hint");
    if (!input) return;
    if (hint) hint.hidden = false;
    ["dragenter", "dragover"].forEach(function (name) {
      box.addEventListener(name, function (e) { e.preventDefault(); box.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      box.addEventListener(name, function () { box.classList.remove("over"); });
    });
    box.addEventListener("drop", function (e) {
      e.preventDefault();
      var files = e.dataTransfer && e.dataTransfer.files;
      if (!files || !files.length) return;
      if (!input.multiple && files.length > 1) {
        var one = new DataTransfer();
        one.items.add(files[0]);
        files = one.files;
      }
      input.files = files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-poll]").forEach(poll);
    document.querySelectorAll("[data-drop]").forEach(dropZone);
  });
})();
