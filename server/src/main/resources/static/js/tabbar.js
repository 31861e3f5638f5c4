// The tab bar at the bottom of a phone's screen: dashboard, overview, meter, capacity and settings at the thumb.
// Wider screens hide it (app.css) and use the header's links. It marks the view shown (aria-current), and its
// settings tab opens the settings of the address shown, as the gear beside the address switcher does.
const TABS = ['dashboard', 'overview', 'meter', 'capacity', 'settings'];

export function init() {
  const settings = document.getElementById('tab-settings');
  // the gear's address is set when the address changes: the tab follows it at the moment it is pressed
  settings.addEventListener('click', () => {
    settings.setAttribute('href', document.getElementById('place-settings').getAttribute('href'));
  });
}

/** Marks the tab of the view shown; none when the view has no tab. */
export function select(view) {
  for (const name of TABS) {
    const tab = document.getElementById(`tab-${name}`);
    if (name === view) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
}
