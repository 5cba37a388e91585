// A square grid of black and white cells that the learner paints with the mouse, a pen or a finger.
// Press on a black cell and drag to paint white; press on a white cell and drag to erase. The cells
// live in the model's `pixels` (rows of `size` values, 0 or 1), sent to Python while painting (at
// most every 80 ms, so the guesses follow the stroke) and once more when the stroke ends.
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
    return col >= 0 && col < size && row >= 0 && row < size ? row * size + col : -1;
  }

  let value = null;                       // 1 while painting, 0 while erasing, null between strokes
  let timer = null;
  function send() {
    timer = null;
    model.set("pixels", pixels.slice());
    model.save_changes();
  }
  function paint(event) {
    const i = cellAt(event);
    if (i < 0 || pixels[i] === value) return;
    pixels[i] = value;
    draw();
    if (timer === null) timer = setTimeout(send, 80);
  }
  canvas.addEventListener("pointerdown", (event) => {
    const i = cellAt(event);
    if (i < 0) return;
    value = pixels[i] ? 0 : 1;
    canvas.setPointerCapture(event.pointerId);
    paint(event);
  });
  canvas.addEventListener("pointermove", (event) => { if (value !== null) paint(event); });
  const end = () => {
    if (value === null) return;
    value = null;
    clearTimeout(timer);
    send();
  };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  model.on("change:pixels", () => { pixels = model.get("pixels").slice(); draw(); });
  draw();
}

export default { render };
