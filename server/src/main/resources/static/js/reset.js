// The page the reset e-mail links to (#reset/<secret>): a new password, and the account is signed in.
import * as api from './api.js';
import { onSubmit } from './form.js';
import { signedIn } from './session.js';

let secret = '';

export function init() {
  const form = document.getElementById('reset-form');
  onSubmit(form, async ({ password }) => {
    const account = await api.send('POST', '/api/account/password-reset/confirm', { token: secret, password });
    form.reset();
    await signedIn(account);
  });
}

export function render(meterId, token = '') {
  secret = token;
}
