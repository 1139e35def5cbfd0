/**
 * A Lambda function, declared once in `functions/<name>/function.ts`: what it is for, how long it
 * may run, and the parts it is built from. From this declaration infra derives the function's
 * environment and IAM statements (infra/constructs/pipeline-function.ts, permissions.ts), its
 * handler builds its parts in Lambda (lambda.ts), and the local runtime builds the same parts
 * with clients that refuse every call the declaration does not grant (functions/local/access).
 */
import type { Built, Part } from './parts/part.ts';
import type { inboundBucket } from './parts/inbound-bucket.ts';
import type { operatorToken, signingKey, storeWebhookSecrets } from './parts/secrets.ts';
import type { sendQueue } from './parts/send-queue.ts';
import type { sesSending } from './parts/ses-sending.ts';
import type { TableAccess, TableHandle } from './parts/table.ts';
import type { templates } from './parts/templates.ts';

/** Every kind of part there is; a new kind needs its IAM statements in permissions.ts. */
export type AnyPart =
  // Whatever stores a function's table part names, it has the table's handle.
  | Part<'table', TableAccess, TableHandle>
  | ReturnType<typeof sendQueue>
  | ReturnType<typeof inboundBucket>
  | ReturnType<typeof storeWebhookSecrets>
  | ReturnType<typeof signingKey>
  | ReturnType<typeof operatorToken>
  | ReturnType<typeof sesSending>
  | ReturnType<typeof templates>;

export interface FunctionDeclaration<Parts extends readonly AnyPart[] = readonly AnyPart[], Name extends string = string> {
  /** Its folder: the handler is `functions/<name>/handler.ts`. */
  readonly name: Name;
  readonly description: string;
  /** Seconds Lambda lets one invocation run. */
  readonly timeoutSeconds: number;
  /**
   * Lambda allots CPU in proportion to memory; 1 GB keeps cold starts of the bundled SDK short.
   * @default 1024
   */
  readonly memoryMb?: number;
  /** What it is built from, beyond the base every function has. */
  readonly parts: Parts;
}

export function declareFunction<const Name extends string, const Parts extends readonly AnyPart[]>(
  declaration: FunctionDeclaration<Parts, Name>,
): FunctionDeclaration<Parts, Name> {
  return declaration;
}

/** What a function declared so holds at run time. */
export type PartsOf<D> = D extends FunctionDeclaration<infer Parts, string> ? Built<Parts> : never;

/** The part of this kind, if the function has it. */
export function partOf<K extends AnyPart['kind']>(declaration: FunctionDeclaration, kind: K): Extract<AnyPart, { kind: K }> | undefined {
  return declaration.parts.find((p): p is Extract<AnyPart, { kind: K }> => p.kind === kind);
}

/** Every environment variable its parts read. */
export function declaredEnvironment(declaration: FunctionDeclaration): string[] {
  return [...new Set(declaration.parts.flatMap((p) => p.env))];
}
