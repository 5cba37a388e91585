// A square grid of black and white cells that the learner paints with the mouse, a pen or a finger.
// Drag to paint white; drag with the right button (or with the model's `erasing` switched on) to paint
// black. Cells between two pointer events are filled along the straight line, so a fast stroke has no
// gaps. The cells live in the model's `pixels` (rows of `size` values, 0 or 1), sent to Python while
// painting (at most every 80 ms, so the guesses follow the stroke) and once more when the stroke ends.
function render({ model, el }) {
  const size = model.get("size");
  const cell = model.get("cell_px");
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = size * cell;
  canvas.className = "course-paint-grid";
  canvas.style.cursor = "crosshair";
  canvas.style.touchAction = "none";      // a finger paints instead of scrolling the page
  el.appendChild(canvas);
  const ctx = canvas.getContext("2d");
  let pixels = model.get("pixels").slice();

  function draw() {
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = "#fff";
    pixels.forEach((on, i) => {
      if (on) ctx.fillRect((i % size) * cell, Math.floor(i / size) * cell, cell, cell);
    });
    ctx.strokeStyle = "#444";             // grid lines, so the learner sees the 17 × 17 cells
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let k = 1; k < size; k++) {
      ctx.moveTo(k * cell + 0.5, 0); ctx.lineTo(k * cell + 0.5, canvas.height);
      ctx.moveTo(0, k * cell + 0.5); ctx.lineTo(canvas.width, k * cell + 0.5);
    }
    ctx.stroke();
  }

  function cellAt(event) {
    const box = canvas.getBoundingClientRect();
    const col = Math.floor((event.clientX - box.left) / box.width * size);
    const row = Math.floor((event.clientY - box.top) / box.height * size);
    return col >= 0 && col < size && row >= 0 && row < size ? [row, col] : null;
  }

  let value = null;                       // 1 while painting, 0 while erasing, null between strokes
  let last = null;                        // the cell the stroke was at on the previous event
  let timer = null;
  function send() {
    timer = null;
    model.set("pixels", pixels.slice());
    model.save_changes();
  }
  function paintLine(from, to) {
    // every cell on the straight line from `from` to `to`: a fast drag skips cells between events
    const steps = Math.max(Math.abs(to[0] - from[0]), Math.abs(to[1] - from[1]), 1);
    let changed = false;
    for (let s = 0; s <= steps; s++) {
      const r = Math.round(from[0] + (to[0] - from[0]) * s / steps);
      const c = Math.round(from[1] + (to[1] - from[1]) * s / steps);
      if (pixels[r * size + c] !== value) { pixels[r * size + c] = value; changed = true; }
    }
    if (!changed) return;
    draw();
    if (timer === null) timer = setTimeout(send, 80);
  }
  // the right button erases: no browser menu, and JupyterLab's own context menu stays shut too
  canvas.dataset.jpSuppressContextMenu = "";
  canvas.addEventListener("contextmenu", (event) => { event.preventDefault(); event.stopPropagation(); });
  canvas.addEventListener("pointerdown", (event) => {
    const at = cellAt(event);
    if (at === null) return;
    value = event.button === 2 || model.get("erasing") ? 0 : 1;
    last = at;
    canvas.setPointerCapture(event.pointerId);
    paintLine(at, at);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (value === null) return;
    const box = canvas.getBoundingClientRect();   // clamp to the grid: a stroke may leave it and come back
    const x = Math.min(Math.max(event.clientX, box.left), box.right - 1);
    const y = Math.min(Math.max(event.clientY, box.top), box.bottom - 1);
    const at = cellAt({ clientX: x, clientY: y });
    if (at === null) return;
    paintLine(last, at);
    last = at;
  });
  const end = () => {
    if (value === null) return;
    value = null;
    last = null;
    clearTimeout(timer);
    send();
  };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  model.on("change:pixels", () => { pixels = model.get("pixels").slice(); draw(); });
  draw();
}

export default { render };
