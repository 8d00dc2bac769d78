// Small progressive enhancements; every page works without them.
// Ask before destructive actions: forms with data-confirm.
document.addEventListener("submit", (event) => {
  const message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
