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
 * sight. Before a view renders the window goes to the top; after it rendered, again, unless the household scrolled
 * meanwhile (the view's section is then not where the browser's own scroll puts it).
 */
export function unscroll(view, before) {
  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
  if (before) {
    window.scrollTo(0, 0);
    return;
  }
  const section = document.getElementById(view);
  if (window.scrollY > 0 && section && Math.abs(section.getBoundingClientRect().top) < 2) window.scrollTo(0, 0);
}
