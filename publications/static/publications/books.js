// Story books: the progress bar's width, and reordering the stories by drag and drop.
// Everything works without this file: the arrows reorder, the status page refreshes itself.
(function () {
  function paintProgress(root) {
    root.querySelectorAll(".progress-bar[data-progress]").forEach((bar) => {
      bar.style.width = bar.getAttribute("data-progress") + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", () => paintProgress(document));
  document.addEventListener("htmx:load", (event) => paintProgress(event.target));

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const list = document.querySelector(".book-entries[data-order-url]");
    if (!list) return;
    let dragged = null;
    list.addEventListener("dragstart", (event) => {
      dragged = event.target.closest(".book-entry");
      if (!dragged) return;
      dragged.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.entryId);
    });
    list.addEventListener("dragover", (event) => {
      if (!dragged) return;
      event.preventDefault();
      const over = event.target.closest(".book-entry");
      if (!over || over === dragged) return;
      const box = over.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      over.parentNode.insertBefore(dragged, after ? over.nextSibling : over);
    });
    list.addEventListener("dragend", () => {
      if (!dragged) return;
      dragged.classList.remove("dragging");
      dragged = null;
      const order = Array.from(list.querySelectorAll(".book-entry")).map((li) => li.dataset.entryId);
      const body = new URLSearchParams({ order: order.join(",") });
      fetch(list.dataset.orderUrl, {
        method: "POST",
        body: body,
        headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" },
        credentials: "same-origin",
      }).then(() => window.location.reload());
    });
  });
})();
