import { useCallback, useEffect, useState } from 'preact/hooks';
import { messageOf } from '../api/client';

/** Loads something for a page; `reload` after an action. Errors become a message, never a blank page. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<string>();
  const reload = useCallback(() => {
    setError(undefined);
    return load()
      .then((v) => setValue(v))
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { value, error, reload };
}
