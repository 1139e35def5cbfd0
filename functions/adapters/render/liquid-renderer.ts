/**
 * Renders a note from Liquid templates: the shipped phrasings of `templates/<stage>/<lang>/`,
 * or the store's own from its config. One phrasing is chosen per note from its seed, so the
 * same customer reads the same words for one note however often it is rendered, while
 * different customers get different phrasings.
 */
import type { Liquid } from 'liquidjs';
import { stableFraction } from '../../core/domain/keys.ts';
import type { NoteContext, RenderedNote } from '../../core/domain/note.ts';
import type { Language, Stage, StoreConfig } from '../../core/domain/store.ts';
import type { NoteRenderer } from '../../core/ports.ts';
import { htmlMirror } from './html.ts';
import { compile, createLiquid, renderCompiled, type CompiledTemplate } from './liquid-engine.ts';
import { TemplateError } from './template-error.ts';
import {
  overrideTemplates,
  readTemplateDirectory,
  templateFilesFrom,
  type MisplacedFile,
  type TemplateFile,
} from './template-files.ts';
import { templateVariables } from './template-variables.ts';

/**
 * Where the shipped templates are: a directory (the repository's `templates/`, or the copy a
 * Lambda bundle carries beside its handler), or the files themselves keyed by their path inside
 * that directory ("check-in/en/a.liquid").
 */
export type TemplateSource = { templatesDir: string } | { files: Record<string, string> };

export class LiquidNoteRenderer implements NoteRenderer {
  /** Files under the templates folder that are not where phrasings live (a misspelt folder). */
  readonly problems: readonly MisplacedFile[];
  private readonly liquid: Liquid = createLiquid();
  private readonly shipped: TemplateFile[];
  private readonly compiled = new WeakMap<TemplateFile, CompiledTemplate>();
  private readonly overrides = new WeakMap<StoreConfig, Map<string, TemplateFile[] | null>>();

  constructor(source: TemplateSource) {
    const read = 'templatesDir' in source ? readTemplateDirectory(source.templatesDir) : templateFilesFrom(source.files);
    this.shipped = read.templates;
    this.problems = read.problems;
  }

  render(ctx: NoteContext, store: StoreConfig): RenderedNote {
    const phrasings = this.phrasingsFor(store, ctx.stage, ctx.language);
    const chosen = phrasings[Math.floor(stableFraction(ctx.variantSeed) * phrasings.length)]!;
    return this.renderWith(chosen, ctx);
  }

  /**
   * The phrasings a note in this language would choose from: the store's override, else the
   * shipped set; a language without any falls back to the store's language, then English.
   */
  phrasingsFor(store: StoreConfig, stage: Stage, language: Language): TemplateFile[] {
    for (const candidate of new Set<Language>([language, store.language, 'en'])) {
      const phrasings = this.phrasings(store, stage, candidate);
      if (phrasings.length > 0) return phrasings;
    }
    throw new TemplateError(`templates/${stage}/${language}`, 'no phrasings for this stage, in this language or in English');
  }

  /** Exactly the phrasings of one stage and language (no fallback): what `templates check` walks. */
  phrasings(store: StoreConfig, stage: Stage, language: Language): TemplateFile[] {
    let byStore = this.overrides.get(store);
    if (!byStore) this.overrides.set(store, (byStore = new Map()));
    const key = `${stage}/${language}`;
    if (!byStore.has(key)) byStore.set(key, overrideTemplates(store, stage, language));
    return byStore.get(key) ?? this.shipped.filter((t) => t.stage === stage && t.language === language);
  }

  /** Renders one given phrasing; throws a {@link TemplateError} naming its line on any hole. */
  htmlFor(text: string): string {
    return htmlMirror(text);
  }

  renderWith(file: TemplateFile, ctx: NoteContext): RenderedNote {
    let compiled = this.compiled.get(file);
    if (!compiled) {
      compiled = compile(this.liquid, file);
      this.compiled.set(file, compiled);
    }
    const { subject, text } = renderCompiled(this.liquid, compiled, templateVariables(ctx));
    return { subject, text, html: htmlMirror(text), language: file.language, variant: file.variant };
  }
}
