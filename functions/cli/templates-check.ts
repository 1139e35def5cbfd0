/**
 * `followup templates check`: every phrasing of every stage and language of every store,
 * rendered for every sample order and held to the rules. A problem is reported once per
 * template line, with the samples it showed up for, so an owner sees one thing to fix.
 */
import type { DeploymentConfig, Language, Stage, StoreConfig } from '../core/domain/store.ts';
import { LANGUAGES, STAGES } from '../core/domain/store.ts';
import type { LiquidNoteRenderer } from '../adapters/render/liquid-renderer.ts';
import { checkNote, type Violation } from '../adapters/render/rules.ts';
import { TemplateError } from '../adapters/render/template-error.ts';
import type { TemplateFile } from '../adapters/render/template-files.ts';
import { samples, SAMPLE_NAMES } from './samples.ts';

export interface TemplateProblem {
  store: string;
  /** "templates/check-in/de/b.liquid:3", or without a line when the whole note is concerned. */
  location: string;
  message: string;
  /** Sample orders it showed up for. */
  samples: string[];
}

export interface StoreSummary {
  store: string;
  phrasings: number;
  /** Phrasings that come from the store's config. */
  overridden: number;
  notes: number;
}

export interface TemplateCheckReport {
  stores: StoreSummary[];
  problems: TemplateProblem[];
}

export function checkTemplates(renderer: LiquidNoteRenderer, config: DeploymentConfig): TemplateCheckReport {
  const problems = new Map<string, TemplateProblem>();
  const report = (store: string, location: string, message: string, sampleName: string | null): void => {
    const key = `${store}\n${location}\n${message}`;
    const problem = problems.get(key) ?? { store, location, message, samples: [] };
    if (sampleName && !problem.samples.includes(sampleName)) problem.samples.push(sampleName);
    problems.set(key, problem);
  };

  for (const misplaced of renderer.problems) report('*', misplaced.location, misplaced.reason, null);

  const stores = config.stores.map((store) => {
    const summary: StoreSummary = { store: store.id, phrasings: 0, overridden: 0, notes: 0 };
    for (const stage of STAGES) {
      for (const language of LANGUAGES) {
        const phrasings = renderer.phrasings(store, stage, language);
        if (phrasings.length === 0) {
          report(store.id, `templates/${stage}/${language}`, 'no phrasings for this stage and language', null);
          continue;
        }
        summary.phrasings += phrasings.length;
        if (store.templates[stage]?.[language]) summary.overridden += phrasings.length;
        for (const file of phrasings) summary.notes += checkPhrasing(renderer, store, stage, language, file, report);
      }
    }
    return summary;
  });

  return { stores, problems: [...problems.values()].sort((a, b) => a.location.localeCompare(b.location, 'en', { numeric: true })) };
}

function checkPhrasing(
  renderer: LiquidNoteRenderer,
  store: StoreConfig,
  stage: Stage,
  language: Language,
  file: TemplateFile,
  report: (store: string, location: string, message: string, sample: string | null) => void,
): number {
  let rendered = 0;
  for (const { name, context } of samples(store, stage, language)) {
    try {
      const note = renderer.renderWith(file, context);
      rendered += 1;
      for (const violation of checkNote(note, { signerName: context.signer.name })) {
        report(store.id, file.locate(lineOf(file, violation)), violation.message, name);
      }
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      report(store.id, error.location, error.reason, name);
    }
  }
  return rendered;
}

/** The template line a rule points at, when one line is to blame. */
function lineOf(file: TemplateFile, violation: Violation): number | null {
  if (violation.inSubject) return 1;
  const lines = file.source.split('\n');
  if (violation.rule === 'empty-greeting') {
    const greeting = lines.findIndex((line, i) => i >= 2 && line.trim() !== '');
    return greeting >= 0 ? greeting + 1 : null;
  }
  if (violation.rule === 'forbidden-phrase' && violation.evidence) {
    const phrase = violation.evidence.toLocaleLowerCase();
    const at = lines.findIndex((line) => line.toLocaleLowerCase().includes(phrase));
    return at >= 0 ? at + 1 : null;
  }
  return null;
}

/** What an owner reads: one line per problem, then a verdict. */
export function formatReport(report: TemplateCheckReport): string {
  const lines: string[] = [];
  for (const s of report.stores) {
    const own = s.overridden > 0 ? ` (${s.overridden} from the store's config)` : '';
    lines.push(`Store ${s.store}: ${s.phrasings} phrasings${own}, ${s.notes} notes rendered for ${SAMPLE_NAMES.length} sample orders.`);
  }
  for (const p of report.problems) {
    const where = p.samples.length === 0 ? '' : p.samples.length === SAMPLE_NAMES.length ? ' [every sample]' : ` [${p.samples.join(', ')}]`;
    const store = report.stores.length > 1 && p.store !== '*' ? `(${p.store}) ` : '';
    lines.push(`${store}${p.location}: ${p.message}${where}`);
  }
  const count = report.problems.length;
  lines.push(count === 0 ? 'All notes pass.' : `${count} problem${count === 1 ? '' : 's'} found.`);
  return lines.join('\n');
}
