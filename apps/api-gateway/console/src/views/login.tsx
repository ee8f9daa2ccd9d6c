import { useState } from 'preact/hooks';
import { callApi, errorText } from '../api/admin-api';

/**
 * Asks for an admin token and checks it against an admin route before keeping it: a refused or
 * non-admin token is said so here, not on every view.
 */
export function Login({
  onSignIn,
  refusal,
}: {
  onSignIn: (token: string) => void;
  refusal?: string;
}) {
  const [token, setToken] = useState('');
  const [error, setError] = useState(refusal);
  const [checking, setChecking] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const value = token.trim().replace(/^Bearer\s+/i, '');
    if (!value) return setError('Paste an admin token first.');
    setChecking(true);
    try {
      await callApi(value, '/admin/overview', { timeoutMs: 15_000 });
      onSignIn(value);
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setChecking(false);
    }
  };

  return (
    <main class="login">
      <h1>Railyard console</h1>
      <form onSubmit={submit}>
        <label for="token">Admin token</label>
        <textarea
          id="token"
          data-testid="token-input"
          rows={4}
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
          placeholder="npm run -s token -- --sub ops --role admin"
        />
        <p class="hint">Kept in this tab only (sessionStorage); closing the tab forgets it.</p>
        <button type="submit" data-testid="sign-in" disabled={checking}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
        {error && (
          <p role="alert" class="error" data-testid="login-error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
