import { call, session, SignedOut } from '../api.js';
import { h, replace } from '../dom.js';

/** The sign-in page: the admin token, checked against the broker before it is kept. */
export function signInPage(root: HTMLElement, onSignedIn: () => void, message?: string): void {
  const input = h('input', {
    class: 'input',
    attrs: { id: 'token', type: 'password', name: 'token', autocomplete: 'current-password', required: true, spellcheck: 'false' },
  });
  const error = h('p', { class: 'form-error', attrs: { role: 'alert' } }, message ?? '');
  const submit = h('button', { class: 'btn btn-primary btn-wide', attrs: { type: 'submit' } }, 'Sign in');
  const form = h(
    'form',
    {
      class: 'signin-form',
      on: {
        submit: (e) => {
          e.preventDefault();
          void signIn(input.value.trim());
        },
      },
    },
    h('label', { attrs: { for: 'token' } }, 'Admin token'),
    input,
    error,
    submit,
  );

  async function signIn(token: string): Promise<void> {
    if (!token) return;
    submit.disabled = true;
    replace(error, '');
    try {
      const answer = await call('GET', '/admin/dashboard', undefined, token);
      if (answer.status !== 200) throw new Error(`The broker answered ${answer.status}.`);
      session.signIn(token);
      onSignedIn();
    } catch (e) {
      replace(error, e instanceof SignedOut ? 'That token was refused.' : `Could not sign in: ${(e as Error).message}`);
      submit.disabled = false;
      input.select();
    }
  }

  replace(
    root,
    h(
      'div',
      { class: 'signin' },
      h(
        'section',
        { class: 'card signin-card' },
        h(
          'div',
          { class: 'brand brand-dark' },
          h('span', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }, 'M'),
          h('span', {}, 'Broker console'),
        ),
        h('h1', {}, 'Sign in'),
        h('p', { class: 'muted' }, 'Use the broker’s admin token (ADMIN_TOKEN). It stays in this browser tab only.'),
        form,
      ),
    ),
  );
  input.focus();
}
