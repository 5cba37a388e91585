// The playground's picture in the browser, and the clock of its animation (course_lib.viz.playground's
// FrameView). Each frame comes from Python as raw image bytes (`value`, JPEG while playing, PNG when still:
// a binary buffer of the widget message, no base64) with its number `seq`. It is decoded off screen, then
// swapped into the <img> in one step (no half-drawn picture), and once it is on screen (the next animation
// frame) the view tells Python {shown: seq}: Python trains and draws the next frame only when one has been
// shown, so a slow browser gets fewer frames rather than a queue of old ones. A frame that is overtaken
// while it decodes is dropped, not shown late.
function render({ model, el }) {
  const img = document.createElement("img");
  img.className = "course-frame";
  img.alt = model.get("alt");
  img.style.width = "100%";             // the widget's box sets the width; the picture keeps its proportions
  img.style.height = "auto";
  img.style.display = "block";
  el.appendChild(img);
  let shownUrl = null;
  let latest = -1;

  const shown = (seq) => requestAnimationFrame(() => model.send({ shown: seq }));

  async function show() {
    const seq = model.get("seq");
    const data = model.get("value");
    if (!data || data.byteLength === 0) return;
    latest = seq;
    const url = URL.createObjectURL(new Blob([data], { type: `image/${model.get("format")}` }));
    const next = new Image();
    next.src = url;
    try {
      await next.decode();
    } catch (e) {                       // a picture the browser cannot read: keep the last, ask for more
      URL.revokeObjectURL(url);
      shown(seq);
      return;
    }
    if (seq !== latest) {               // a newer frame arrived while this one decoded: it is shown instead
      URL.revokeObjectURL(url);
      return;
    }
    img.src = url;
    if (shownUrl) URL.revokeObjectURL(shownUrl);
    shownUrl = url;
    shown(seq);
  }

  model.on("change:value", show);
  show();
  return () => {
    model.off("change:value", show);
    if (shownUrl) URL.revokeObjectURL(shownUrl);
  };
}

export default { render };
