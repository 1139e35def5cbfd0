/**
 * A template that cannot be rendered for an order: an unknown variable or filter, a value that
 * would print as nothing, a malformed file. The message names the template and the line, the
 * way a store owner looks for it: "templates/check-in/de/b.liquid:3: unknown variable …".
 */
export class TemplateError extends Error {
  override name = 'TemplateError';

  constructor(
    /** Where the template is: "templates/check-in/de/b.liquid" or a store override's path. */
    readonly location: string,
    readonly reason: string,
  ) {
    super(`${location}: ${reason}`);
  }
}
