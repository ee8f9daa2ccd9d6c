import { useEffect, useState } from 'preact/hooks';
import { ApiError, errorText } from './admin-api';

export interface Fetched<T> {
  data?: T;
  error?: string;
  reload: () => void;
}

/**
 * `load` run again whenever one of `keys` changes (a filter, the live tick) or on `reload`; an
 * answer that arrives after a newer call started is dropped. 401/403 go to `onDenied`.
 */
export function useFetched<T>(
  load: () => Promise<T>,
  keys: unknown[],
  onDenied: (error: ApiError) => void,
): Fetched<T> {
  const [state, setState] = useState<{ data?: T; error?: string }>({});
  const [round, setRound] = useState(0);

  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setState({ data }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ApiError && error.isAccessDenied) return onDenied(error);
        setState((old) => ({ data: old.data, error: errorText(error) }));
      },
    );
    return () => {
      current = false;
    };
  }, [...keys, round]);

  return { ...state, reload: () => setRound((n) => n + 1) };
}
