// Long answers are never lost.
// Every keystroke is kept in this browser (localStorage) until the server confirms it saved the
// text; htmx posts each answer after a short pause. If the session has expired the server
// answers 401: the person is told, and the text stays here to be restored on their next visit.
// The copies are the signed-in person's own (saved_copies.js, loaded by every page, names them
// and removes them on sign-out or when someone else signs in).
(function () {
  "use strict";
  const copies = window.lfsCopies || { store: null, key: () => null };
  const store = copies.store;

  function read(name) {
    const key = copies.key(name);
    if (!store || !key) return null;
    try { return JSON.parse(store.getItem(key)); } catch (e) { return null; }
  }
  function keep(name, text) {
    const key = copies.key(name);
    if (!store || !key) return;
    try { store.setItem(key, JSON.stringify({ text: text, at: Date.now() })); } catch (e) { /* full or disabled */ }
  }
  function forget(name) {
    const key = copies.key(name);
    if (!store || !key) return;
    try { store.removeItem(key); } catch (e) { /* ignore */ }
  }
  function show(id, text) {
    const el = document.getElementById(id);
    if (!el) return;
    if (text) el.textContent = text;
    el.classList.remove("d-none");
  }
  function hide(id) {
    const el = document.getElementById(id);
    if (el) el.classList.add("d-none");
  }

  function setUpAnswers() {
    const areas = document.querySelectorAll("textarea[data-autosave-key]");
    let restored = false;
    areas.forEach((area) => {
      const key = area.dataset.autosaveKey;
      const saved = read(key);
      if (saved && typeof saved.text === "string" && saved.text !== area.value) {
        area.value = saved.text;
        restored = true;
        // Send it now; htmx is loaded with defer before this script.
        if (window.htmx) window.htmx.trigger(area, "input");
      }
      area.addEventListener("input", () => keep(key, area.value));
      area.addEventListener("htmx:afterRequest", (event) => {
        const problem = document.getElementById("autosave-problem");
        const status = event.detail.xhr ? event.detail.xhr.status : 0;
        if (event.detail.successful) {
          if (read(key) && read(key).text === area.value) forget(key);
          hide("autosave-problem");
        } else if (problem) {
          show("autosave-problem", status === 401 || status === 403 ? problem.dataset.expired : problem.dataset.failed);
        }
      });
    });
    if (restored) show("autosave-restored");
  }

  function setUpDraft() {
    const script = document.querySelector("script[data-draft-key]");
    const form = document.querySelector("form[data-local-draft]");
    if (!script || !form) return;
    const key = script.dataset.draftKey;
    const area = form.querySelector("textarea");
    const saved = read(key);
    if (saved && typeof saved.text === "string") {
      if (saved.text === area.value) {
        forget(key); // the server's latest version already holds this text
      } else {
        area.value = saved.text;
        show("autosave-restored");
      }
    }
    area.addEventListener("input", () => keep(key, area.value));
  }

  document.addEventListener("DOMContentLoaded", () => { setUpAnswers(); setUpDraft(); });
})();
