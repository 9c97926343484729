import { useCallback, useEffect, useState } from 'preact/hooks';
import { messageOf } from '../api/client';

/**
 * Loads something for a page; `reload` after an action. Errors become a message, never a blank page.
 * `loaded` turns true once the first load has settled (a value or an error) and stays true while it
 * reloads, so a page that waits for it does not fall back to its loading state after an action.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<string>();
  const [loaded, setLoaded] = useState(false);
  const reload = useCallback(() => {
    setError(undefined);
    return load().then(
      (v) => {
        setValue(v);
        setLoaded(true);
      },
      (caught: unknown) => {
        setError(messageOf(caught));
        setLoaded(true);
      },
    );
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { value, error, loaded, reload };
}
