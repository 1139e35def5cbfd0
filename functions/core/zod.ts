/**
 * The zod every schema under functions/ is built with: `zod/mini`, whose functional API
 * (`z.optional(s)`, `s.check(z.minLength(1))`) lets a bundle carry only the parts its schemas
 * use. Classic `zod` attaches every method to every schema, so nothing of it tree-shakes: one
 * import of the package's main entry anywhere puts ~97 KB back into each Lambda bundle that
 * reaches it (tests/unit/shared/zod-flavour.test.ts refuses one).
 *
 * mini loads no messages: an issue would read only "Invalid input". The English ones are
 * loaded here, once, before any schema can parse, so what people read (a webhook's 400 naming
 * the field, the operator API's and the command line's errors, a bad config at start, logs)
 * says what was expected and what came: "Invalid input: expected string, received number".
 */
import * as z from 'zod/mini';
import english from 'zod/v4/locales/en.js';

z.config(english());

export * from 'zod/mini';

/**
 * The schema's value when it accepts the input, else `value`: what `z.catch(schema, value)` does,
 * a missing key included (the schema's own answer for it when it has one). `z.catch` alone brings
 * zod's whole util module into a bundle (8.6 KB in each of the six that used it); this is built
 * from parts every bundle carries already.
 */
export function fallback<T>(schema: z.ZodMiniType<T>, value: T): z.ZodMiniType<T> {
  const whenMissing = schema.safeParse(undefined);
  const lenient = z.pipe(
    z.unknown(),
    z.transform((input): T => {
      const read = schema.safeParse(input);
      return read.success ? read.data : value;
    }),
  );
  const missing = whenMissing.success ? whenMissing.data : value;
  // A missing key the schema takes as undefined stays missing, as with z.catch.
  return missing === undefined ? (z.optional(lenient) as z.ZodMiniType<T>) : z._default(lenient, () => missing as z.util.NoUndefined<Awaited<T>>);
}
