/* CĐS Portfolio — small behaviours of every page (loaded by base.html; no inline script).
 *
 * - File inputs (core/_file_input.html): the chosen file's name, or "Chưa chọn tệp", beside
 *   the "Chọn tệp" button, whatever the browser's language.
 * - Print buttons ([data-print]): open the browser's print dialog (css/app.css has the
 *   print stylesheet).
 */
(function () {
  "use strict";

  function showChosen(input) {
    var picker = input.closest("[data-file-picker]");
    var label = picker && picker.querySelector(".file-picker-name");
    if (!label) return;
    var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
    label.textContent = names.length ? names.join(", ") : label.getAttribute("data-empty");
    label.title = names.join(", ");
    label.classList.toggle("has-file", names.length > 0);
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.type === "file") showChosen(input);
  });

  document.addEventListener("reset", function (event) {
    var form = event.target;
    // The fields are cleared after the event: read them on the next turn.
    window.setTimeout(function () {
      form.querySelectorAll("[data-file-picker] input[type=file]").forEach(showChosen);
    }, 0);
  });

  // A page restored from the back/forward cache keeps the chosen files: show them again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-file-picker] input[type=file]").forEach(showChosen);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (!button) return;
    event.preventDefault();
    window.print();
  });
})();
