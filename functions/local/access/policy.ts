/**
 * IAM's evaluation, as far as the functions' policies need it: a request is allowed when some
 * statement names its action and its resource (with `*` and `?` wildcards) and every condition
 * of that statement holds. Nothing else allows anything.
 */
import type { Statement } from '../../shared/permissions.ts';
import type { IamRequest } from './aws-calls.ts';

function glob(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

const OPERATORS: Record<string, (allowed: readonly string[], value: string) => boolean> = {
  StringEquals: (allowed, value) => allowed.includes(value),
  StringEqualsIgnoreCase: (allowed, value) => allowed.some((a) => a.toLowerCase() === value.toLowerCase()),
  StringLike: (allowed, value) => allowed.some((a) => glob(a, value)),
};

function conditionsHold(conditions: Statement['conditions'], context: Record<string, string>): boolean {
  return Object.entries(conditions ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, allowed]) => {
      const value = context[key];
      const test = OPERATORS[operator];
      // An operator we do not evaluate, or a key the request lacks, allows nothing.
      return value !== undefined && test !== undefined && test(allowed, value);
    }),
  );
}

export function allows(statements: readonly Statement[], request: IamRequest): boolean {
  return statements.some(
    (s) =>
      s.actions.some((a) => glob(a, request.action, true)) &&
      s.resources.some((r) => glob(r, request.resource)) &&
      conditionsHold(s.conditions, request.context),
  );
}
