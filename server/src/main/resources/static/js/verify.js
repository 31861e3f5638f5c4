// The page the verification e-mail links to (#verify/<secret>): the address is confirmed at once, signed in or not.
import * as api from './api.js';
import { t } from './i18n.js';
import { session } from './session.js';

export async function render(meterId, token = '') {
  const done = document.getElementById('verify-done');
  const failed = document.getElementById('verify-failed');
  done.hidden = true;
  failed.hidden = true;
  try {
    const account = await api.send('POST', '/api/account/email-verification/confirm', { token });
    if (session.account?.id === account.id) session.account = account;
    done.hidden = false;
  } catch (e) {
    failed.textContent = api.problem(e) ?? t('error.load');
    failed.hidden = false;
  }
}
