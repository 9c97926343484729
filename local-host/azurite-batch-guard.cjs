'use strict';
/**
 * A failed entity-group transaction (`$batch`) in Azurite that fails only itself.
 *
 * Why: Azurite 3.35 keeps ONE set of rollback lists for every table of the account. A batch adds the
 * rows it changes to them and clears them in `endBatchTransaction`. When a sub-request fails with an
 * error that is not a StorageError (a body its parser cut short, so `JSON.parse` threw), Azurite's
 * `serializeError` reads `err.statusCode.toString()` and throws a TypeError from inside the catch,
 * so `endBatchTransaction` never runs: the rows the batch had already applied stay, and every later
 * batch of every table answers 500 "Transaction Overlap!" until Azurite restarts. Its parser cuts a
 * body short at U+2028 or U+2029 (it finds the JSON with `/{+.+}+/`, and `.` stops at a line
 * separator), which is how one character in a ticket title stopped every tenant's writes.
 *
 * Here (1) such an error is answered as Azure answers a body it cannot read — 400 InvalidInput for
 * that sub-request — so the batch is rolled back and ends as any failed batch does; and (2) if
 * anything else still throws out of the batch, its changes are rolled back and the lists cleared
 * before the error goes on, so no failure of one batch can outlive it. The app's own `$batch` body
 * also escapes both separators (src/adapters/tables/table-transaction.ts), which Azure reads alike.
 */

/** The odata error body Azure Table Storage answers for input it cannot process. */
function invalidInput() {
  const message = { lang: 'en-US', value: 'An error occurred while processing this request.' };
  return { statusCode: 400, body: JSON.stringify({ 'odata.error': { code: 'InvalidInput', message } }) };
}

function installBatchGuard(serializationPrototype, orchestratorPrototype) {
  if (orchestratorPrototype.submitRequestsToHandlers.batchGuardInstalled) return;

  const azuriteSerializeError = serializationPrototype.serializeError;
  serializationPrototype.serializeError = function serializeError(err, ...rest) {
    const storageError = err && typeof err.statusCode === 'number' && typeof err.body === 'string';
    return azuriteSerializeError.call(this, storageError ? err : invalidInput(), ...rest);
  };

  const azuriteSubmit = orchestratorPrototype.submitRequestsToHandlers;
  const submitRequestsToHandlers = async function submitRequestsToHandlers(...args) {
    try {
      return await azuriteSubmit.apply(this, args);
    } catch (error) {
      const first = this.repository.getBatchRequests()[0];
      const account = this.context.account ?? '';
      // Rolls back what the batch applied and clears the shared lists, as a failed batch does.
      if (first) await this.repository.endBatchTransaction(account, first.getPath(), '', this.context, false);
      throw error;
    }
  };
  submitRequestsToHandlers.batchGuardInstalled = true;
  orchestratorPrototype.submitRequestsToHandlers = submitRequestsToHandlers;
}

module.exports = { installBatchGuard };
