/**
 * Where phrasings come from: the shipped `templates/<stage>/<lang>/<name>.liquid` files (read
 * once, from the directory the deployment carries), or a store's overrides in its config.
 * Both end up as the same {@link TemplateFile}: a subject line, a blank line, the body.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { StoreConfig } from '../../core/domain/store.ts';
import { LANGUAGES, STAGES, type Language, type Stage } from '../../core/domain/terms.ts';

export interface TemplateFile {
  stage: Stage;
  language: Language;
  /** The phrasing's name ("b"), reported with every rendered note. */
  variant: string;
  /** Where an owner finds it: "templates/check-in/de/b.liquid" or "stores.northwind.templates.check-in.de[0]". */
  origin: string;
  /** Liquid: "Subject: …", a blank line, the body. */
  source: string;
  /** A line of `source` as the owner would look it up: "templates/check-in/de/b.liquid:3". */
  locate(line: number | null): string;
}

const FILE_NAME = /^([a-z0-9][a-z0-9-]*)\.liquid$/;

/** The shipped phrasings, keyed by path inside the templates folder ("check-in/de/b.liquid"). */
/** A file under the templates folder that no note will ever use (a misspelt folder or name). */
export interface MisplacedFile {
  location: string;
  reason: string;
}

export function templateFilesFrom(files: Record<string, string>): { templates: TemplateFile[]; problems: MisplacedFile[] } {
  const templates: TemplateFile[] = [];
  const problems: MisplacedFile[] = [];
  for (const [path, source] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const [stage, language, fileName, ...rest] = path.split('/');
    const variant = FILE_NAME.exec(fileName ?? '')?.[1];
    if (rest.length > 0 || !isStage(stage) || !isLanguage(language) || !variant) {
      if (path.endsWith('.liquid')) {
        problems.push({
          location: `templates/${path}`,
          reason: 'not used: phrasings live in templates/<stage>/<language>/<name>.liquid (lower-case name)',
        });
      }
      continue;
    }
    const origin = `templates/${path}`;
    templates.push({
      stage,
      language,
      variant,
      origin,
      source: source.replace(/\r\n/g, '\n'),
      locate: (line) => (line ? `${origin}:${line}` : origin),
    });
  }
  return { templates, problems };
}

/** Reads every file under the templates folder once, at start-up. */
export function readTemplateDirectory(dir: string): { templates: TemplateFile[]; problems: MisplacedFile[] } {
  const files: Record<string, string> = {};
  const walk = (relative: string): void => {
    for (const name of readdirSync(join(dir, relative))) {
      const path = relative ? `${relative}/${name}` : name;
      if (statSync(join(dir, path)).isDirectory()) walk(path);
      else if (name.endsWith('.liquid')) files[path] = readFileSync(join(dir, path), 'utf8');
    }
  };
  walk('');
  return templateFilesFrom(files);
}

/** The store's own phrasings for a stage and language, or null when it uses the shipped ones. */
export function overrideTemplates(store: StoreConfig, stage: Stage, language: Language): TemplateFile[] | null {
  const phrasings = store.templates[stage]?.[language];
  if (!phrasings) return null;
  return phrasings.map((phrasing, index) => {
    const origin = `stores.${store.id}.templates.${stage}.${language}[${index}]`;
    const body = Array.isArray(phrasing.body) ? phrasing.body.join('\n') : phrasing.body;
    return {
      stage,
      language,
      variant: phrasing.name ?? String(index + 1),
      origin,
      // The same shape as a file, so that both are read alike; lines map back to subject and body.
      source: `Subject: ${phrasing.subject}\n\n${body.replace(/\r\n/g, '\n')}`,
      locate: (line) => {
        if (!line) return origin;
        if (line <= 2) return `${origin}.subject`;
        return `${origin}.body:${line - 2}`;
      },
    };
  });
}

function isStage(value: string | undefined): value is Stage {
  return (STAGES as readonly string[]).includes(value ?? '');
}

function isLanguage(value: string | undefined): value is Language {
  return (LANGUAGES as readonly string[]).includes(value ?? '');
}
