// Coding an interview: words selected in an answer (or the transcript) fill the coding form:
// which text, the words, and where they start and end, counted in Unicode code points (as the
// server counts them, so Hebrew, Arabic and emoji count one each). Without a mouse or without
// this script the same form is filled by hand.
(function () {
  "use strict";
  const form = document.getElementById("coding-form");
  if (!form) return;
  const field = (name) => form.querySelector('[name="' + name + '"]');
  const status = document.getElementById("coding-selection");
  const length = (text) => Array.from(text).length;

  function containerOf(node) {
    const el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el ? el.closest(".coding-text") : null;
  }

  function pick() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    const box = containerOf(range.startContainer);
    if (!box || box !== containerOf(range.endContainer)) return;
    const before = document.createRange();
    before.setStart(box, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const words = range.toString();
    if (!words.trim()) return;
    const start = length(before.toString());
    field("source").value = box.dataset.source;
    if (box.dataset.answer) field("answer").value = box.dataset.answer;
    field("quote").value = words;
    field("start").value = start;
    field("end").value = start + length(words);
    if (status) {
      status.textContent = status.dataset.template
        .replace("%(n)s", String(length(words)))
        .replace("%(where)s", box.dataset.label || "");
    }
  }

  let timer = null;
  document.addEventListener("selectionchange", () => {
    clearTimeout(timer);
    timer = setTimeout(pick, 150);
  });
  // Typing in the form by hand: the offsets describe the selection, not typed words.
  field("quote").addEventListener("input", () => {
    field("start").value = "";
    field("end").value = "";
  });
})();
