// Zoom and pan of the diagram: wheel (around the pointer), drag, buttons and keyboard (+ - 0).
// A small drag threshold keeps clicks on nodes working.

export interface PanZoom {
  zoomBy(factor: number): void;
  fit(): void;
  /** Fits unless the user has zoomed or panned since the last fit. */
  fitIfUntouched(): void;
  /** Moves the view so the point (content coordinates) is at the centre. */
  centreOn(x: number, y: number): void;
  readonly scale: number;
}

export function createPanZoom(viewport: HTMLElement, content: HTMLElement): PanZoom {
  let scale = 1;
  let x = 0;
  let y = 0;
  // Until the user zooms or pans, the diagram is kept fitted to the panel (which VS Code resizes).
  let touched = false;
  const apply = (): void => {
    content.style.transform = `translate(${x}px, ${y}px) scale(${scale})`;
  };
  const zoomAt = (factor: number, px: number, py: number): void => {
    touched = true;
    const next = Math.min(8, Math.max(0.05, scale * factor));
    const k = next / scale;
    x = px - (px - x) * k;
    y = py - (py - y) * k;
    scale = next;
    apply();
  };

  viewport.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      const rect = viewport.getBoundingClientRect();
      zoomAt(Math.exp(-event.deltaY * 0.0015), event.clientX - rect.left, event.clientY - rect.top);
    },
    { passive: false },
  );

  let drag: { startX: number; startY: number; x: number; y: number; moved: boolean } | undefined;
  viewport.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    drag = { startX: event.clientX, startY: event.clientY, x, y, moved: false };
  });
  viewport.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.startX;
    const dy = event.clientY - drag.startY;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    if (!drag.moved) viewport.setPointerCapture(event.pointerId);
    drag.moved = true;
    touched = true;
    viewport.classList.add('dragging');
    x = drag.x + dx;
    y = drag.y + dy;
    apply();
  });
  const end = (event: PointerEvent): void => {
    if (drag?.moved) {
      // Swallow the click that ends a drag.
      const swallow = (e: Event): void => {
        e.stopPropagation();
        e.preventDefault();
      };
      viewport.addEventListener('click', swallow, { capture: true, once: true });
      setTimeout(() => viewport.removeEventListener('click', swallow, { capture: true }), 0);
      if (viewport.hasPointerCapture(event.pointerId)) viewport.releasePointerCapture(event.pointerId);
    }
    viewport.classList.remove('dragging');
    drag = undefined;
  };
  viewport.addEventListener('pointerup', end);
  viewport.addEventListener('pointercancel', end);

  const size = (): { w: number; h: number } => {
    const svg = content.querySelector('svg');
    if (!svg) return { w: 0, h: 0 };
    return { w: Number(svg.getAttribute('width')) || svg.getBoundingClientRect().width / scale, h: Number(svg.getAttribute('height')) || svg.getBoundingClientRect().height / scale };
  };

  const fit = (): void => {
    const { w, h } = size();
    if (!w || !h || viewport.clientWidth === 0) return;
    const pad = 16;
    scale = Math.min(2, Math.max(0.05, Math.min((viewport.clientWidth - pad * 2) / w, (viewport.clientHeight - pad * 2) / h)));
    x = (viewport.clientWidth - w * scale) / 2;
    y = Math.max(pad, (viewport.clientHeight - h * scale) / 2);
    touched = false;
    apply();
  };
  new ResizeObserver(() => {
    if (!touched) fit();
  }).observe(viewport);

  return {
    get scale() {
      return scale;
    },
    zoomBy(factor) {
      zoomAt(factor, viewport.clientWidth / 2, viewport.clientHeight / 2);
    },
    fit,
    fitIfUntouched() {
      if (!touched) fit();
    },
    centreOn(cx, cy) {
      x = viewport.clientWidth / 2 - cx * scale;
      y = viewport.clientHeight / 2 - cy * scale;
      apply();
    },
  };
}
