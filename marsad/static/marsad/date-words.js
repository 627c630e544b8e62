// Beside each day/month/year field (lib.widgets.DateInput): the date in words, with the
// month's name in the page's language (Levantine names in Arabic), so 06/11 read as
// June shows "6 تشرين الثاني" before it is saved. A field that is not a date says so.
(function () {
  "use strict";
  var DAY_FIRST = /^(\d{1,2})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*(\d{4})$/;
  var ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

  function latin(text) {
    return text.replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x660); })
      .replace(/[\u06f0-\u06f9]/g, function (d) { return String(d.charCodeAt(0) - 0x6f0); });
  }

  // The words in the page's digits (<html data-digits>, lib.digits).
  var ARABIC = document.documentElement.dataset.digits === "arab";
  function shown(number) {
    var text = String(number);
    return ARABIC ? text.replace(/[0-9]/g, function (d) { return String.fromCharCode(0x660 + Number(d)); }) : text;
  }

  function parts(text) {
    var found = DAY_FIRST.exec(text);
    if (found) { return [+found[1], +found[2], +found[3]]; }
    found = ISO.exec(text);
    return found ? [+found[3], +found[2], +found[1]] : null;
  }

  function attach(input) {
    var words = document.createElement("div");
    words.className = "form-text date-words";
    words.setAttribute("aria-live", "polite");
    (input.closest(".input-group") || input).after(words);
    var months = (input.dataset.months || "").split("|");
    function show() {
      var text = latin(input.value.trim());
      var found = text ? parts(text) : null;
      var valid = found && found[1] >= 1 && found[1] <= 12 &&
        new Date(found[2], found[1] - 1, found[0]).getDate() === found[0];
      words.textContent = valid ? shown(found[0]) + " " + months[found[1] - 1] + " " + shown(found[2]) : (text ? input.dataset.invalid : "");
      words.classList.toggle("text-danger", Boolean(text) && !valid);
    }
    input.addEventListener("input", show);
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-date]").forEach(attach);
  });
}());
