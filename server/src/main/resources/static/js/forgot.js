// "Forgot password": the server mails a link to #reset/<secret> when the address has an account, and answers the
// same either way, so the screen tells a stranger nothing either.
import * as api from './api.js';
import { onSubmit } from './form.js';

export function init() {
  const form = document.getElementById('forgot-form');
  onSubmit(form, async ({ email }) => {
    await api.send('POST', '/api/account/password-reset', { email });
    document.getElementById('forgot-sent').hidden = false;
  });
}

export function render() {
  document.getElementById('forgot-sent').hidden = true;
}
