import { useEffect } from 'preact/hooks';

/**
 * Brings the release a link named into view and focus, once the page has loaded it: e-mails and chat
 * messages about a release link to `/portal/maintenance/releases/{id}` (or the console's plan with
 * `#release-{id}`), and the reader should land on that release, not at the top of the plan.
 */
export function useFocusRelease(releaseId: string | undefined, loaded: boolean): void {
  useEffect(() => {
    if (!releaseId || !loaded) return;
    const heading = document.getElementById(`release-${releaseId}`);
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus();
  }, [releaseId, loaded]);
}
