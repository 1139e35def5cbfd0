/**
 * LiquidJS, set up so that a template can never print a hole: unknown variables and filters are
 * errors, and so is any `{{ … }}` whose value is empty (null, undefined, ""), which is how
 * "Hi ," would otherwise reach a customer. Templates say what to print instead (`| default:`,
 * `{% if %}`), and every error names the template and the line.
 */
import { Liquid, type Template } from 'liquidjs';
import { TemplateError } from './template-error.ts';
import type { TemplateFile } from './template-files.ts';

export interface CompiledTemplate {
  file: TemplateFile;
  templates: Template[];
}

export interface RenderedText {
  subject: string;
  text: string;
}

class EmptyOutputError extends Error {}

export function createLiquid(): Liquid {
  const liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    // Runs on every {{ … }}: the one place that sees each printed value.
    outputEscape: (value: unknown) => {
      if (value === null || value === undefined || String(value).trim() === '') throw new EmptyOutputError();
      return String(value);
    },
    // An empty in-memory file system: {% include %} and {% render %} cannot reach the disk, so a
    // template is self-contained text whether it was shipped or came from a store's config.
    templates: {},
    renderLimit: 1_000,
  });
  // `| raw` would skip the empty-value check above; a plain-text note has nothing to escape anyway.
  liquid.registerFilter('raw', (value: unknown) => value);
  // Liquid's `capitalize` lower-cases the rest ("your iPhone case" → "Your iphone case").
  liquid.registerFilter('upcase_first', (value: unknown) => {
    const text = String(value ?? '');
    return text.charAt(0).toLocaleUpperCase() + text.slice(1);
  });
  return liquid;
}

/** Parses a phrasing; a malformed one fails here, before any order is rendered with it. */
export function compile(liquid: Liquid, file: TemplateFile): CompiledTemplate {
  const lines = file.source.split('\n');
  if (!/^Subject:\s*\S/.test(lines[0] ?? '')) {
    throw new TemplateError(file.locate(1), 'the first line must be "Subject: …"');
  }
  if ((lines[1] ?? '').trim() !== '' || lines.length < 3) {
    throw new TemplateError(file.locate(2), 'a blank line must follow the subject, then the body');
  }
  try {
    return { file, templates: liquid.parse(foldTagOnlyLines(file.source), file.origin) };
  } catch (error) {
    throw translate(error, file);
  }
}

/** Renders a phrasing for one note's variables: the subject line and the plain-text body. */
export function renderCompiled(liquid: Liquid, compiled: CompiledTemplate, variables: object): RenderedText {
  let output: string;
  try {
    output = liquid.renderSync(compiled.templates, variables) as string;
  } catch (error) {
    throw translate(error, compiled.file);
  }
  const newline = output.indexOf('\n');
  const subjectLine = newline < 0 ? output : output.slice(0, newline);
  const subject = subjectLine.replace(/^Subject:/, '').replace(/\s+/g, ' ').trim();
  if (!subject) throw new TemplateError(compiled.file.locate(1), 'the subject is empty for this order');
  const text = tidy(newline < 0 ? '' : output.slice(newline + 1));
  if (!text) throw new TemplateError(compiled.file.locate(3), 'the body is empty for this order');
  return { subject, text };
}

/**
 * A line holding only `{% … %}` tags disappears from the output, newline included, so that
 * owners can put `{% if %}` and `{% endif %}` on lines of their own without leaving blank
 * lines behind. The newline moves inside the last tag (`{% endif \n%}`), where Liquid ignores
 * it, so line numbers in messages stay those of the file.
 */
export function foldTagOnlyLines(source: string): string {
  const tag = String.raw`\{%(?:(?!%\}).)*%\}`;
  const tagOnly = new RegExp(String.raw`^[ \t]*((?:${tag}[ \t]*)+)$`);
  const lines = source.split('\n');
  return lines
    .map((line, index) => {
      const last = index === lines.length - 1;
      const match = tagOnly.exec(line);
      if (last || !match) return last ? line : `${line}\n`;
      const tags = match[1]!.trimEnd();
      // "-%}" already trims whitespace the owner's way: leave such a line as written.
      if (tags.endsWith('-%}')) return `${line}\n`;
      return `${tags.slice(0, -2)}\n%}`;
    })
    .join('');
}

/** Trailing spaces go, runs of blank lines become one, spaces left by empty conditionals collapse. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, '').replace(/(\S)[ \t]{2,}/g, '$1 '))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** LiquidJS errors, reworded for a store owner and placed at the template's line. */
function translate(error: unknown, file: TemplateFile): TemplateError {
  if (error instanceof TemplateError) return error;
  const liquidError = error as {
    message?: string;
    token?: { getPosition?: () => [number, number]; getText?: () => string };
    originalError?: unknown;
  };
  const line = liquidError.token?.getPosition?.()[0] ?? null;
  const code = (liquidError.token?.getText?.() ?? '').replace(/\s+/g, ' ').trim();
  const raw = (liquidError.message ?? String(error)).replace(/, (file:.*, )?line:\d+, col:\d+$/s, '');
  let reason: string;
  if (liquidError.originalError instanceof EmptyOutputError) {
    reason = `${code} has no value for this order: give a fallback (| default: "…") or wrap it in {% if %}`;
  } else if (/^undefined variable: /.test(raw)) {
    reason = `unknown variable ${raw.replace(/^undefined variable: /, '')} (see templates/README.md for the variables)`;
  } else if (/^undefined filter: /.test(raw)) {
    reason = `unknown filter ${raw.replace(/^undefined filter: /, '')}`;
  } else {
    reason = raw;
  }
  return new TemplateError(file.locate(line), reason);
}
