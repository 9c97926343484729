/** Path under the host where the Durable extension serves its HTTP API (and where the client is pointed). */
export const webhookPath = '/runtime/webhooks/durabletask';

/** The placeholder the management URL templates use for the instance id (as the extension does). */
const idPlaceholder = 'INSTANCEID';

/**
 * The value of a `durableClient` input binding — what the Durable extension hands the worker and
 * `df.getClient(context)` builds its `DurableClient` from (`OrchestrationClientInputData`).
 *
 * With `rpcBaseUrl` set, durable-functions v3 sends every client call (start, raise, status, terminate,
 * purge) to `rpcBaseUrl` + `orchestrators/…` / `instances/…`; the templated URLs are still given because
 * `createCheckStatusResponse` and `createHttpManagementPayload` hand them out to callers.
 */
export function durableClientBinding(baseUrl: string, taskHub: string, rpcPathKey?: string): Record<string, unknown> {
  const root = `${baseUrl.replace(/\/+$/, '')}${webhookPath}`;
  const query = `taskHub=${encodeURIComponent(taskHub)}&connection=Storage`;
  const instance = `${root}/instances/${idPlaceholder}`;
  return {
    taskHubName: taskHub,
    creationUrls: {
      createNewInstancePostUri: `${root}/orchestrators/{functionName}[/{instanceId}]`,
      createAndWaitOnNewInstancePostUri: `${root}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}`,
    },
    managementUrls: {
      id: idPlaceholder,
      statusQueryGetUri: `${instance}?${query}`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
      terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
      rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
      purgeHistoryDeleteUri: `${instance}?${query}`,
      restartPostUri: `${instance}/restart?${query}`,
      suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
      resumePostUri: `${instance}/resume?reason={text}&${query}`,
    },
    baseUrl: root,
    requiredQueryStringParameters: '',
    // The app's own client calls carry the host's secret path segment instead of the admin key.
    rpcBaseUrl: rpcPathKey ? `${root}/${rpcPathSegment(rpcPathKey)}/` : `${root}/`,
  };
}

/** The management links for one instance (the body of a `startNew` answer, as the extension sends it). */
export function managementPayload(baseUrl: string, taskHub: string, instanceId: string): Record<string, string> {
  const urls = durableClientBinding(baseUrl, taskHub).managementUrls as Record<string, string>;
  const id = encodeURIComponent(instanceId);
  const payload: Record<string, string> = { id: instanceId };
  for (const [key, value] of Object.entries(urls)) if (key !== 'id') payload[key] = value.replace(idPlaceholder, id);
  return payload;
}

/** The path segment that marks the app's own Durable client calls. */
export const rpcPathSegment = (rpcPathKey: string): string => `~${rpcPathKey}`;
