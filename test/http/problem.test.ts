import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/domain-error';
import { problemResponse, toProblem } from '../../src/http/problem';

describe('domain outcomes as problems', () => {
  it('answers busy with 503 and Retry-After: send the same request again', () => {
    const response = problemResponse(toProblem(new DomainError('busy', 'The ticket is being changed.')));
    expect(response.status).toBe(503);
    expect(response.headers).toMatchObject({ 'retry-after': '1', 'content-type': 'application/problem+json' });
  });

  it('answers a conflict with 409 and no Retry-After', () => {
    const response = problemResponse(toProblem(new DomainError('conflict', 'Illegal.')));
    expect(response.status).toBe(409);
    expect(response.headers).not.toHaveProperty('retry-after');
  });
});
