/**
 * The templates that ship with followup, held to the same checks as `followup templates check`,
 * and read for what a checker of single notes cannot see: one form of address per language,
 * enough phrasings, the segment and resolved-problem hooks in every one.
 */
import { describe, expect, it } from 'vitest';
import { LANGUAGES, STAGES } from '../../../functions/core/domain/store.ts';
import { LiquidNoteRenderer } from '../../../functions/adapters/render/liquid-renderer.ts';
import { checkTemplates, formatReport } from '../../../functions/cli/templates-check.ts';
import { samples } from '../../../functions/cli/samples.ts';
import { TEMPLATES_DIR, config, store, storeWith } from './fixtures.ts';

const renderer = new LiquidNoteRenderer({ templatesDir: TEMPLATES_DIR });

describe('shipped templates', () => {
  it('pass every rule for every sample order, in every stage and language (as `templates check`)', () => {
    const report = checkTemplates(renderer, config);
    expect(formatReport(report)).toMatch(/All notes pass\.$/);
    expect(report.problems).toEqual([]);
    expect(report.stores[0]!.notes).toBe(report.stores[0]!.phrasings * samples(store, 'check-in', 'en').length);
    expect(renderer.problems).toEqual([]);
  });

  it('have at least three phrasings per stage and language', () => {
    for (const stage of STAGES) {
      for (const language of LANGUAGES) {
        expect(renderer.phrasings(store, stage, language).length, `${stage}/${language}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('each have the segment tones and the hook for a resolved problem', () => {
    for (const stage of STAGES) {
      for (const language of LANGUAGES) {
        for (const file of renderer.phrasings(store, stage, language)) {
          expect(file.source, file.origin).toContain('{% if customer.had_resolved_problem %}');
          expect(file.source, file.origin).toContain('customer.long_time');
          expect(file.source, file.origin).toContain('customer.returning');
          expect(file.source, file.origin).toMatch(/\{\{ signer\.name \}\}\n\{\{ store\.name \}\}\n$/);
        }
      }
    }
  });

  const rendered = (language: (typeof LANGUAGES)[number]) =>
    STAGES.flatMap((stage) =>
      renderer.phrasings(store, stage, language).flatMap((file) =>
        samples(store, stage, language).map(({ name, context }) => ({ where: `${file.origin} [${name}]`, text: renderer.renderWith(file, context).text })),
      ),
    );

  it('address German customers with "du" throughout, never "Sie"', () => {
    for (const { where, text } of rendered('de')) {
      expect(text, where).toMatch(/\b(du|dir|dich|dein|deine|deiner)\b/i);
      expect(text, where).not.toMatch(/\b(Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer)\b|[a-zäöüß,] Sie\b/);
      // After "Hallo Lena," a German letter goes on in lower case.
      expect(text.split('\n')[2], where).toMatch(/^\p{Ll}/u);
    }
  });

  it('address French customers with "vous" throughout, never "tu"', () => {
    for (const { where, text } of rendered('fr')) {
      expect(text, where).toMatch(/\b(vous|votre|vos)\b/);
      expect(text, where).not.toMatch(/(?<!\p{L})(tu|toi|ton|ta|tes|t')(?!\p{L})/iu);
    }
  });

  it('address Spanish customers with "tú" throughout, never "usted"', () => {
    for (const { where, text } of rendered('es')) {
      expect(text, where).toMatch(/\b(tu|tus|te|ti)\b/);
      expect(text, where).not.toMatch(/\busted(es)?\b|\bsu pedido\b/i);
    }
  });

  it('avoid words whose gender would have to agree with the customer or the product', () => {
    for (const { where, text } of rendered('fr')) expect(text, where).not.toMatch(/\b(ravie?|contente?|satisfaite?|arrivée?s?|cher|chère)\b/i);
    // "te damos la bienvenida" is fine; "¡Bienvenida!" assumes a woman.
    for (const { where, text } of rendered('es')) {
      expect(text, where).not.toMatch(/(?<!la )bienvenid[oa]|(?<!\p{L})(contento|contenta|querid[oa]|encantad[oa])(?!\p{L})/iu);
    }
    // "Liebe Lena" / "Lieber Tom" would need the customer's gender; "Liebe Grüße" does not.
    for (const { where, text } of rendered('de')) expect(text.split('\n')[0], where).not.toMatch(/^(Liebe|Lieber) /);
  });

  it('report a broken store override with its place in the config and the samples it broke', () => {
    const broken = storeWith({
      templates: { 'check-in': { de: [{ subject: 'Hallo', body: ['Hallo {{ customer.first_name }},', '', 'Alles gut?', '', '{{ signer.name }}'] }] } },
    });
    const report = checkTemplates(renderer, { ...config, stores: [broken] });
    expect(report.problems).toEqual([
      {
        store: 'northwind',
        location: 'stores.northwind.templates.check-in.de[0].body:1',
        message: expect.stringMatching(/^\{\{ customer\.first_name \}\} has no value for this order/),
        samples: ['no-first-name'],
      },
    ]);
    expect(report.stores[0]).toMatchObject({ overridden: 1 });
  });
});
