// Move focus where a keyboard or screen reader user needs to start: to the list of problems after a search
// that could not be made, or to the results heading after one that was. Without JavaScript the page works
// the same; focus simply starts at the top.
(function () {
  var target = document.querySelector(".error-summary") || document.getElementById("result-heading");
  if (target) {
    target.focus();
  }
})();
