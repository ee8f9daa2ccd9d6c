import { useState } from 'preact/hooks';
import { ApiError } from './api/admin-api';
import { forgetToken, readToken, saveToken } from './api/session-token';
import { Console } from './views/console';
import { Login } from './views/login';

/** Signed out: the login form. Signed in: the console, until the token is refused or dropped. */
export function App() {
  const [token, setToken] = useState(readToken);
  const [refusal, setRefusal] = useState<string>();

  const signIn = (value: string) => {
    saveToken(value);
    setRefusal(undefined);
    setToken(value);
  };
  const signOut = (error?: ApiError) => {
    forgetToken();
    setRefusal(error?.message);
    setToken(null);
  };

  return token ? (
    <Console token={token} onSignOut={signOut} />
  ) : (
    <Login onSignIn={signIn} refusal={refusal} />
  );
}
