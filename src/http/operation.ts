import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { z } from 'zod';
import type { Principal } from '../app/principal';
import type { AuthenticatedSession } from '../app/sign-in-service';
import type { UseCases } from '../composition/runtime';

/**
 * Who may call an operation; anything finer (scopes, tenancy, roles) is decided by the application
 * services. `staff`: the admin key or a member of the support team.
 */
export type Access = 'anyone' | 'admin' | 'staff' | 'authenticated';

export interface OperationResponse {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** Media type of a success body; `application/json` unless given (e.g. `text/csv`). */
  readonly contentType?: string;
}

/** Who the caller is: always known unless the operation is open to anyone. */
export type PrincipalFor<A extends Access> = A extends 'anyone' ? Principal | undefined : Principal;

export interface OperationRequest<P, Q, B, A extends Access = Access> {
  readonly request: HttpRequest;
  readonly context: InvocationContext;
  readonly principal: PrincipalFor<A>;
  /** The cookie session the request authenticated with, if it did. */
  readonly session: AuthenticatedSession | undefined;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
}

/** The use cases a function declared (`uses`), and nothing else of the composition. */
export type Deps<U extends keyof UseCases> = Pick<UseCases, U>;

/** What a handler is given: the request, and the use cases it declared in `uses` as `deps`. */
export type OperationInput<
  P,
  Q,
  B,
  A extends Access = Access,
  U extends keyof UseCases = keyof UseCases,
> = OperationRequest<P, Q, B, A> & { readonly deps: Deps<U> };

/**
 * One HTTP operation: its route, its schemas and its handler. The function registration, the request
 * validation and the OpenAPI document are all derived from this one description.
 */
export interface Operation<
  P = unknown,
  Q = unknown,
  B = unknown,
  A extends Access = Access,
  U extends keyof UseCases = keyof UseCases,
> {
  /** Function name, and the name of the registration file in `functions/http/`. */
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Azure Functions route template below `/api`, e.g. `tickets/{ticketId}`; `apiRoute` adds the prefix. */
  readonly route: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly access: A;
  readonly params?: z.ZodType<P>;
  readonly query?: z.ZodType<Q>;
  readonly body?: z.ZodType<B>;
  /** Request headers the operation reads, documented in OpenAPI. */
  readonly headers?: readonly { name: string; description: string }[];
  readonly responses: Readonly<Record<number, OperationResponse>>;
  /**
   * The use cases the handler needs, by their names in the composition (e.g. `['tickets']`): the handler
   * gets exactly these as `deps`, and a cold start builds only them (and what they are built from).
   */
  readonly uses: readonly U[];
  handle(input: OperationInput<P, Q, B, A, U>): Promise<HttpResponseInit>;
}

export function defineOperation<
  P = undefined,
  Q = undefined,
  B = undefined,
  A extends Access = Access,
  U extends keyof UseCases = keyof UseCases,
>(operation: Operation<P, Q, B, A, U>): Operation<P, Q, B, A, U> {
  return operation;
}
