// The login screen: e-mail and password, the social providers the server offers, and the demo household's
// login in one click while the server runs one.
import * as api from './api.js';
import { onSubmit, showError } from './form.js';
import { t } from './i18n.js';
import { session, signedIn } from './session.js';

let demo = null;

export function init() {
  const form = document.getElementById('login-form');
  onSubmit(form, async ({ email, password }) => {
    await signedIn(await api.send('POST', '/api/account/login', { email, password }));
    form.reset();
  });
  document.getElementById('login-demo-button').addEventListener('click', async () => {
    try {
      await signedIn(await api.send('POST', '/api/account/login', demo));
    } catch (e) {
      showError(form, e);
    }
  });
}

export async function render() {
  const providers = document.getElementById('login-providers');
  providers.replaceChildren(...session.providers.map((p) => {
    const link = document.createElement('a');
    link.className = 'button';
    link.href = `/oauth2/authorization/${encodeURIComponent(p.id)}`;
    link.textContent = t('login.with', { name: p.name });
    return link;
  }));
  demo = await api.get('/api/demo').catch(() => null);
  document.getElementById('login-demo').hidden = !demo;
  if (demo) {
    document.getElementById('login-demo-credentials').textContent =
      t('login.demo.hint', { email: demo.email, password: demo.password });
  }
}
