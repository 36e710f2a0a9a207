// After MathJax has typeset the slides, let reveal.js measure them again.
window.addEventListener("load", function () {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise && window.Reveal) {
    MathJax.startup.promise.then(function () { Reveal.layout(); });
  }
});
