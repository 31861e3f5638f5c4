// Which address a page shows, named on the page itself (a line above its content), and pages that open at their top.
import { session } from './session.js';

/** Every [data-place-name] line names the address shown; hidden while there is none. */
export function showPlaceName(meterId) {
  const place = session.meters?.find((m) => m.id === meterId);
  for (const line of document.querySelectorAll('[data-place-name]')) {
    line.textContent = place?.locationName ?? '';
    line.hidden = !place;
    line.dataset.meter = place?.id ?? '';
  }
}

/**
 * A page opens at its top. Each view is a section whose id is also the address's fragment (#meter, #capacity, …),
 * and the browser scrolls a fragment's element to the top of the window: below the menu, which was then out of
 * sight, and it may do so a moment after the view is shown. So the window goes to the top when another view is
 * shown, at the next frame, and once the view has rendered, unless the household scrolled meanwhile (a wheel, a
 * touch or a key: the browser's own scrolling is none of these).
 */
let householdScrolled = false;
for (const event of ['wheel', 'touchmove', 'keydown']) {
  window.addEventListener(event, () => { householdScrolled = true; }, { passive: true });
}

export function unscroll(view, before) {
  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
  if (before) householdScrolled = false;
  const top = () => {
    if (!householdScrolled && window.scrollY > 0) window.scrollTo(0, 0);
  };
  top();
  if (before) requestAnimationFrame(top);
}
