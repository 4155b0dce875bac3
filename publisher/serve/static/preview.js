// Preview: the two documents scroll together. Each document is shown in a frame that may run no
// script (its Content-Security-Policy and the frame's sandbox); this page, of the same origin,
// follows the frame scrolled by hand and brings the other to the same place in its document (the
// same share of its length: the two are the same document in two languages).
(function () {
  "use strict";

  const frames = Array.from(document.querySelectorAll(".panes iframe.document"));
  if (frames.length !== 2) {
    return;
  }
  let leader = null;  // the frame scrolled by hand; the other follows it until it stops
  let quiet = 0;

  function scroller(frame) {
    try {
      return frame.contentDocument && frame.contentDocument.scrollingElement;
    } catch (error) {
      return null;  // not readable (another origin): the frames scroll on their own
    }
  }

  function follow(from, to) {
    const source = scroller(from);
    const target = scroller(to);
    if (!source || !target) {
      return;
    }
    const range = source.scrollHeight - source.clientHeight;
    const share = range > 0 ? source.scrollTop / range : 0;
    target.scrollTop = Math.round(share * (target.scrollHeight - target.clientHeight));
  }

  function watch(frame, other) {
    const view = frame.contentWindow;
    if (!view || !scroller(frame)) {
      return;
    }
    view.addEventListener("scroll", function () {
      if (leader && leader !== frame) {
        return;  // the scroll this page made: not a lead to follow
      }
      leader = frame;
      follow(frame, other);
      clearTimeout(quiet);
      quiet = setTimeout(function () { leader = null; }, 150);
    });
  }

  frames.forEach(function (frame, index) {
    const other = frames[1 - index];
    const start = function () { watch(frame, other); };
    if (frame.contentDocument && frame.contentDocument.readyState === "complete"
        && frame.contentDocument.URL !== "about:blank") {
      start();
    }
    frame.addEventListener("load", start);
  });
}());
