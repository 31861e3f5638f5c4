// Who is signed in, how one can sign in and register (open, invite, closed), and the account's addresses: what app.js and the account screens share.
// app.js fills it and connects the actions; the screens read it and call them.
export const session = { account: null, providers: [], meters: [], registration: 'open' };

let actions = { signedIn: async () => {}, signedOut: async () => {}, reloadMeters: async () => {} };

export function connect(handlers) {
  actions = handlers;
}

/** The account answered by login, registration or reset: the app starts for it. */
export const signedIn = (account) => actions.signedIn(account);
/** Back to the login screen (after logging out, or when the server forgot the session). */
export const signedOut = () => actions.signedOut();
/** Reads the account's addresses again, and shows the meter named (a new or renamed address). */
export const reloadMeters = (meterId) => actions.reloadMeters(meterId);
