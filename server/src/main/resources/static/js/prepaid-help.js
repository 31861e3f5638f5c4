// What the card budget meter's display codes and the digital meter's Prepaid symbols mean, from the server in
// the user's language (the budget-meter brochure and the Fluvius meter manual).
import * as api from './api.js';

export async function render() {
  const entries = await api.get('/api/prepaid/help');
  for (const meter of ['card', 'digital']) {
    const list = document.getElementById(`prepaid-help-${meter}`);
    list.replaceChildren();
    for (const e of entries.filter((x) => x.meter === meter)) {
      const term = document.createElement('dt');
      term.textContent = e.shown;
      const text = document.createElement('dd');
      text.textContent = e.explanation;
      list.append(term, text);
    }
  }
}
