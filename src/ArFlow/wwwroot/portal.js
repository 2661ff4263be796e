// The customer portal's signature pad: draws with mouse, pen or finger on the canvas and, when the
// form is sent, puts the drawing (PNG) into the hidden field. Plain script: the portal is a static page.
(() => {
  const canvas = document.getElementById('signature-pad');
  if (!canvas) return;
  const field = document.getElementById('signature');
  const ctx = canvas.getContext('2d');
  ctx.lineWidth = 2.5; ctx.lineCap = 'round'; ctx.lineJoin = 'round'; ctx.strokeStyle = '#111';
  let drawing = false, drawn = false;
  const at = e => { const r = canvas.getBoundingClientRect(); return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height]; };
  canvas.addEventListener('pointerdown', e => { drawing = true; canvas.setPointerCapture(e.pointerId); const [x, y] = at(e); ctx.beginPath(); ctx.moveTo(x, y); });
  canvas.addEventListener('pointermove', e => { if (!drawing) return; const [x, y] = at(e); ctx.lineTo(x, y); ctx.stroke(); drawn = true; });
  const stop = () => { drawing = false; };
  canvas.addEventListener('pointerup', stop);
  canvas.addEventListener('pointercancel', stop);
  document.getElementById('signature-clear')?.addEventListener('click', () => { ctx.clearRect(0, 0, canvas.width, canvas.height); drawn = false; });
  canvas.closest('form').addEventListener('submit', () => { field.value = drawn ? canvas.toDataURL('image/png') : ''; });
})();
