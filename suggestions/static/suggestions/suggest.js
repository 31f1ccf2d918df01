// After a suggestion that could not be sent, move focus to the list of problems, as GOV.UK's error summary
// does, so that a keyboard or screen reader user starts there. Without JavaScript the page works the same.
(function () {
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
})();
