import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';

/**
 * The app's identity for its own SDK clients (Service Bus sender, e-mail): the user-assigned managed
 * identity named by `AZURE_CLIENT_ID` in Azure, the developer's sign-in elsewhere.
 */
export function azureCredential(clientId: string | undefined): TokenCredential {
  return clientId ? new ManagedIdentityCredential({ clientId }) : new DefaultAzureCredential();
}
