// Registering: name, e-mail, password, language and, where registration is by invitation, the code; the new
// account is signed in at once.
import * as api from './api.js';
import { onSubmit } from './form.js';
import { currentLanguage } from './i18n.js';
import { session, signedIn } from './session.js';

export function init() {
  const form = document.getElementById('register-form');
  onSubmit(form, async (fields) => {
    await signedIn(await api.send('POST', '/api/account/register', fields));
    form.reset();
  });
}

export function render() {
  // the language the app shows now, which the user may still change
  document.querySelector('#register-form [name=language]').value = currentLanguage();
  // by invitation, the code the administrator gave
  document.getElementById('register-invitation').hidden = session.registration !== 'invite';
}
