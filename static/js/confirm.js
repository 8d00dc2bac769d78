// Confirmation before destructive actions: a form with data-confirm="question" asks it with
// the browser's own confirmation dialog (accessible, keyboard-operable, translated buttons)
// and, when confirmed, posts with confirmed=yes. Without JavaScript the server answers the
// unconfirmed POST with a confirmation page that asks the same question (lfs_site/confirm.py).
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.getAttribute && form.getAttribute("data-confirm");
  if (!question) return;
  if (!window.confirm(question)) {
    event.preventDefault();
    return;
  }
  let input = form.querySelector('input[name="confirmed"]');
  if (!input) {
    input = document.createElement("input");
    input.type = "hidden";
    input.name = "confirmed";
    form.appendChild(input);
  }
  input.value = "yes";
});
