// Small progressive enhancements; every page works without them.
// Asking before destructive actions (forms with data-confirm) lives in confirm.js.
