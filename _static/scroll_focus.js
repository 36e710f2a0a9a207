// Give every block that scrolls sideways a tab stop, so that keyboard users can scroll it.
// The theme does this once at load and on resize; a block inside a solution or a hidden
// cell only overflows once opened, and a late web font can widen a block after load.
(() => {
  const SCROLLERS = "pre, .output, .pst-scrollable-table-container";
  const update = () => {
    document.querySelectorAll(SCROLLERS).forEach((element) => {
      if (element.scrollWidth > element.clientWidth) element.setAttribute("tabindex", "0");
    });
  };
  window.addEventListener("load", update);
  document.fonts?.ready.then(update);
  document.addEventListener("toggle", update, true); // a <details> opened or closed
  document.addEventListener("click", () => requestAnimationFrame(update)); // toggle buttons
})();
