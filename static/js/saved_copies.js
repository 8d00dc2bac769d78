// Copies of typed text that this browser keeps until the server has them (autosave.js) belong
// to the person who typed them. Each is kept under "lfs-copy:<owner>:<name>", <owner> being the
// signed-in person's key that the page carries (body[data-browser-copies-owner], a digest that
// is never their e-mail address), so that nobody else is ever shown it:
// - on any page of a signed-in person, the copies of everyone else are removed (someone else
//   signed in on this browser after a session expired);
// - signing out (a form with data-sign-out) removes every copy; the sign-out answer also asks
//   the browser to clear the site's storage (Clear-Site-Data), for a sign-out without this file.
// A page seen signed out (the login page after a session expired) keeps them: the person who
// signs in again gets their text back.
(function () {
  "use strict";
  const PREFIX = "lfs-copy:";
  // Copies kept before they had an owner: nobody can tell whose they are.
  const UNOWNED = ["lfs-answer-", "lfs-draft-"];

  let store = null;
  try { store = window.localStorage; } catch (e) { store = null; /* disabled */ }

  function isCopy(key) {
    return key.startsWith(PREFIX) || UNOWNED.some((prefix) => key.startsWith(prefix));
  }
  function removeCopies(keepThis) {
    if (!store) return;
    const keys = [];
    for (let i = 0; i < store.length; i += 1) keys.push(store.key(i));
    keys.forEach((key) => {
      if (key && isCopy(key) && !keepThis(key)) store.removeItem(key);
    });
  }

  const owner = (document.body && document.body.dataset.browserCopiesOwner) || "";
  const mine = owner ? PREFIX + owner + ":" : null;
  if (mine) removeCopies((key) => key.startsWith(mine));

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.matches && form.matches("form[data-sign-out]")) removeCopies(() => false);
  });

  // For autosave.js: the storage and the full key of a copy named `name` (null when nobody is
  // signed in: then nothing is kept).
  window.lfsCopies = {
    store: store,
    key: (name) => (mine ? mine + name : null),
  };
})();
