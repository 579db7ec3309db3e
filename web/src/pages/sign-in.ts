import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { ApiError, signIn } from '../api.ts';
import { t, tm } from '../i18n.ts';

/** Masuk: e-mail and password against Cognito (USER_PASSWORD_AUTH). */
export function SignIn(props: { onSignedIn: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      props.onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError ? tm(err) : String(err));
    } finally {
      setBusy(false);
    }
  };
  return html`<main class="signin">
    <h1>lindung</h1>
    <p class="lead">${t(
      'Perlindungan BPJS Ketenagakerjaan bagi pekerja rentan',
      'BPJS Ketenagakerjaan cover for vulnerable workers',
    )}</p>
    <form onSubmit=${submit}>
      <h2>${t('Masuk', 'Sign in')}</h2>
      <label for="email">${t('Email', 'E-mail')}</label>
      <input id="email" name="email" type="email" autocomplete="username" required value=${email}
        onInput=${(e: Event) => setEmail((e.target as HTMLInputElement).value)} />
      <label for="password">${t('Kata sandi', 'Password')}</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required
        value=${password} onInput=${(e: Event) => setPassword((e.target as HTMLInputElement).value)} />
      ${error ? html`<p class="error" role="alert">${error}</p>` : null}
      <button type="submit" disabled=${busy}>${busy ? t('Memproses…', 'Signing in…') : t('Masuk', 'Sign in')}</button>
    </form>
  </main>`;
}
