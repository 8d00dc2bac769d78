// Live workshops: the step timer counts down from what the server says is left (the end time
// is kept on the server), a print button, and the group form empties after it is sent.
(() => {
  const deadlines = new WeakMap();
  const tick = () => {
    document.querySelectorAll(".workshop-timer[data-remaining]").forEach((el) => {
      if (!deadlines.has(el)) {
        deadlines.set(el, Date.now() + Number(el.dataset.remaining) * 1000);
      }
      const left = Math.max(0, Math.round((deadlines.get(el) - Date.now()) / 1000));
      const m = Math.floor(left / 60);
      const s = String(left % 60).padStart(2, "0");
      el.textContent = `${m}:${s}`;
      el.classList.toggle("text-bg-danger", left === 0);
    });
  };
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) window.print();
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    const form = event.target.closest("form[data-reset-after]");
    if (form && event.detail.successful) form.reset();
  });
})();
