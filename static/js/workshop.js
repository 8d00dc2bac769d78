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

// Grouping by drag and drop (the facilitator's board; SortableJS, vendored). A card dropped in
// another group's list sets that card's own "Group" select and sends it, the very form a
// keyboard or screen-reader user changes: one path to the server, both ways work. While a card
// is being dragged the board's poll is held back, so that a redraw never drops it mid-air.
(() => {
  let dragging = false;
  const wire = () => {
    if (typeof Sortable === "undefined") return;
    document.querySelectorAll(".sortable-group").forEach((list) => {
      if (list.dataset.sortableReady) return;
      list.dataset.sortableReady = "1";
      Sortable.create(list, {
        group: "contributions",
        animation: 150,
        filter: "input, select, button, a, summary, textarea, label",
        preventOnFilter: false,
        onStart: () => {
          dragging = true;
        },
        onEnd: (event) => {
          dragging = false;
          if (event.from === event.to) return;
          const select = event.item.querySelector(".group-form select");
          if (!select) return;
          select.value = event.to.dataset.group || "";
          select.dispatchEvent(new Event("change", { bubbles: true }));
        },
      });
    });
  };
  document.addEventListener("DOMContentLoaded", wire);
  document.addEventListener("htmx:afterSwap", wire);
  document.addEventListener("htmx:beforeRequest", (event) => {
    if (dragging && event.detail.elt && event.detail.elt.id === "board-poll") event.preventDefault();
  });
})();
