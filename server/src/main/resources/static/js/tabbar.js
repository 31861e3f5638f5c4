// The tab bar at the bottom of a phone's screen: dashboard, overview, meter, capacity and settings at the thumb.
// Wider screens hide it (app.css) and use the header's links. It marks the view shown (aria-current), and its
// settings tab opens the settings of the address shown, as the gear beside the address switcher does. It is left
// out while an address is added and while the account has none.
const TABS = ['dashboard', 'overview', 'meter', 'capacity', 'settings'];

export function init() {
  const settings = document.getElementById('tab-settings');
  // the gear's address is set when the address changes: the tab follows it at the moment it is pressed
  settings.addEventListener('click', () => {
    settings.setAttribute('href', document.getElementById('place-settings').getAttribute('href'));
  });
}

/**
 * Marks the tab of the view shown (none when the view has no tab). The bar is left out while an address is being
 * added, and while the account has none: each tab would lead back to "add an address".
 */
export function select(view) {
  const hasAddress = document.getElementById('place').options.length > 0;
  document.getElementById('tabbar').hidden = view === 'add-address' || !hasAddress;
  for (const name of TABS) {
    const tab = document.getElementById(`tab-${name}`);
    if (name === view) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
}
