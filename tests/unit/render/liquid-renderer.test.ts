import { describe, expect, it } from 'vitest';
import { signerFor } from '../../../functions/core/domain/note-context.ts';
import { LANGUAGES, STAGES, type Language } from '../../../functions/core/domain/store.ts';
import { LiquidNoteRenderer } from '../../../functions/adapters/render/liquid-renderer.ts';
import { TemplateError } from '../../../functions/adapters/render/template-error.ts';
import { LONG_TIME, TEMPLATES_DIR, lineItem, noteContext, store, storeWith } from './fixtures.ts';

const shipped = new LiquidNoteRenderer({ templatesDir: TEMPLATES_DIR });

/** A renderer over a single phrasing, for checks on the engine itself. */
function rendererOf(source: string, path = 'check-in/en/a.liquid'): LiquidNoteRenderer {
  return new LiquidNoteRenderer({ files: { [path]: source } });
}

function renderError(renderer: LiquidNoteRenderer, ctx = noteContext()): TemplateError {
  try {
    renderer.render(ctx, store);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}

const firstLine = (text: string) => text.split('\n')[0];

describe('LiquidNoteRenderer with the shipped templates', () => {
  it('renders a plain, personal check-in', () => {
    const note = shipped.render(noteContext(), store);
    expect(note.language).toBe('en');
    expect(['a', 'b', 'c']).toContain(note.variant);
    expect(note.subject.length).toBeGreaterThan(0);
    expect(firstLine(note.text)).toMatch(/^(Hi|Hello) Emma,$/);
    expect(note.text).toContain('your linen duvet cover');
    expect(note.text).not.toMatch(/Queen|Sage|\{\{|\{%/);
    expect(note.text).toContain('?');
    expect(note.text.trimEnd().split('\n').slice(-2)).toEqual(['Sarah', 'Northwind Home']);
  });

  it('mirrors the text in a minimal HTML part: paragraphs, escaped, nothing else', () => {
    const note = shipped.render(noteContext({ storeName: 'Tom & Jerry <Home>' }), store);
    const paragraphs = note.text.split('\n\n');
    expect(note.html?.match(/<p>/g)?.length).toBe(paragraphs.length);
    expect(note.html).toContain('Tom &amp; Jerry &lt;Home&gt;');
    expect(note.html).not.toMatch(/<(img|a|style|table)\b|style=|href=|src=/);
  });

  it.each([
    ['en', /^(Hi|Hello) there,$/],
    ['de', /^Hallo,$/],
    ['fr', /^Bonjour,$/],
    ['es', /^¡Hola!$/],
  ] as const)('greets naturally without a first name (%s)', (language, greeting) => {
    for (const stage of STAGES) {
      for (const file of shipped.phrasings(store, stage, language)) {
        const note = shipped.renderWith(file, noteContext({ stage, language, customer: { firstName: null } }));
        expect(firstLine(note.text), file.origin).toMatch(greeting);
      }
    }
  });

  it('writes the first name back tidied', () => {
    expect(firstLine(shipped.render(noteContext({ customer: { firstName: 'mary-jane' } }), store).text)).toMatch(/ Mary-Jane,$/);
    expect(firstLine(shipped.render(noteContext({ customer: { firstName: 'EMMA' } }), store).text)).toMatch(/ Emma,$/);
    expect(firstLine(shipped.render(noteContext({ customer: { firstName: 'DeShawn' } }), store).text)).toMatch(/ DeShawn,$/);
    expect(firstLine(shipped.render(noteContext({ customer: { firstName: 'me@example.com' } }), store).text)).toMatch(
      / there,$/,
    );
  });

  describe('tone by segment', () => {
    const welcome: Record<Language, RegExp> = {
      en: /first|welcome|glad you found us|giving us a try/i,
      de: /erste|willkommen|gefunden|versuchst/i,
      fr: /première|premier|bienvenue/i,
      es: /primer|bienvenida|encontrado/i,
    };
    const loyalty: Record<Language, RegExp> = {
      en: /seventh|7 |sticking with us|loyal|again and again|coming back/i,
      de: /siebte|7\.|7-mal|Treue|treu|so lange/i,
      fr: /septième|7 fois|fidélité|fidèle|depuis si longtemps|encore et encore/i,
      es: /séptimo|7 pedidos|número 7|confianza|fidelidad|tanto tiempo|una y otra vez/i,
    };

    it.each(LANGUAGES)('welcomes a first-time customer and thanks a loyal one (%s)', (language) => {
      for (const stage of STAGES) {
        for (const file of shipped.phrasings(store, stage, language)) {
          const first = shipped.renderWith(file, noteContext({ stage, language }));
          const loyal = shipped.renderWith(file, noteContext({ stage, language, customer: LONG_TIME }));
          expect(first.text, file.origin).toMatch(welcome[language]);
          expect(loyal.text, file.origin).toMatch(loyalty[language]);
          expect(loyal.text, file.origin).not.toEqual(first.text);
        }
      }
    });

    it('counts the orders of a loyal customer where it reads naturally', () => {
      const texts = STAGES.flatMap((stage) =>
        shipped.phrasings(store, stage, 'en').map((f) => shipped.renderWith(f, noteContext({ stage, customer: LONG_TIME })).text),
      );
      expect(texts.some((t) => t.includes('your seventh order with us'))).toBe(true);
      // Long-time by tenure with two orders: no "your second order" as a token of loyalty.
      const byYears = noteContext({ customer: { orderCount: 2, yearsSinceFirstOrder: 3, segment: 'long-time' } });
      for (const file of shipped.phrasings(store, 'check-in', 'en')) {
        expect(shipped.renderWith(file, byYears).text).not.toMatch(/second|2 times/);
      }
    });

    it.each([
      ['en', /last time/],
      ['de', /letzten Mal/],
      ['fr', /dernière fois/],
      ['es', /última vez/],
    ] as const)('acknowledges a resolved problem, and only then (%s)', (language, acknowledgement) => {
      for (const stage of STAGES) {
        for (const file of shipped.phrasings(store, stage, language)) {
          const after = shipped.renderWith(file, noteContext({ stage, language, customer: { hadResolvedProblem: true } }));
          const usual = shipped.renderWith(file, noteContext({ stage, language }));
          expect(after.text, file.origin).toMatch(acknowledgement);
          expect(usual.text, file.origin).not.toMatch(acknowledgement);
        }
      }
    });
  });

  describe('signer', () => {
    it('signs notes to long-time customers with the senior person when the store says so', () => {
      const note = shipped.render(noteContext({ customer: LONG_TIME }), store);
      expect(store.loyalty.signedBy).toBe('senior');
      expect(note.text.trimEnd().split('\n').slice(-2)).toEqual(['Tom', 'Northwind Home']);
    });

    it('keeps the persona for long-time customers when the store prefers it, and for everyone else', () => {
      const personaStore = storeWith({ loyalty: { orders: 5, years: 2, signedBy: 'persona' } });
      expect(signerFor(personaStore, 'long-time').name).toBe('Sarah');
      expect(signerFor(store, 'returning').name).toBe('Sarah');
      const note = shipped.render(noteContext({ customer: LONG_TIME }, personaStore), personaStore);
      expect(note.text.trimEnd().split('\n').at(-2)).toBe('Sarah');
    });
  });

  describe('stable choice of phrasing', () => {
    it('gives the same customer the same subject and greeting for one note, every time', () => {
      const ctx = noteContext({ variantSeed: 'customer-42\nnote-7' });
      const again = new LiquidNoteRenderer({ templatesDir: TEMPLATES_DIR });
      const first = shipped.render(ctx, store);
      for (const note of [shipped.render(ctx, store), again.render(ctx, store)]) {
        expect(note.variant).toBe(first.variant);
        expect(note.subject).toBe(first.subject);
        expect(firstLine(note.text)).toBe(firstLine(first.text));
        expect(note.text).toBe(first.text);
      }
    });

    it.each(STAGES)('spreads customers over every phrasing (%s)', (stage) => {
      for (const language of LANGUAGES) {
        const seen = new Set<string>();
        for (let i = 0; i < 200; i++) {
          seen.add(shipped.render(noteContext({ stage, language, variantSeed: `customer-${i}\nnote` }), store).variant);
        }
        expect([...seen].sort()).toEqual(shipped.phrasings(store, stage, language).map((f) => f.variant).sort());
      }
    });
  });

  it.each([
    ['en', 'Ceramic Table Lamp', 'Stoneware Mug', 'your ceramic table lamp and the two stoneware mugs'],
    ['de', 'Keramik-Tischleuchte', 'Steingut-Becher', 'deine Bestellung mit Keramik-Tischleuchte und 2 × Steingut-Becher'],
    ['fr', 'Lampe de table en céramique', 'Mug en grès', 'votre lampe de table en céramique et vos deux mugs en grès'],
    ['es', 'Lámpara de mesa de cerámica', 'Taza de gres', 'tu lámpara de mesa de cerámica y tus dos tazas de gres'],
  ] as const)('names the products naturally in every phrasing (%s)', (language, lamp, mug, phrase) => {
    const items = [lineItem(lamp, { unitPriceMinor: 12900 }), lineItem(mug, { quantity: 2, unitPriceMinor: 2400 })];
    const orders = [{ ...noteContext().orders[0]!, items }];
    for (const stage of STAGES) {
      for (const file of shipped.phrasings(store, stage, language)) {
        const note = shipped.renderWith(file, noteContext({ stage, language, orders }));
        expect(note.text.toLocaleLowerCase(), file.origin).toContain(phrase.toLocaleLowerCase());
      }
    }
  });
});

describe('store overrides', () => {
  const override = storeWith({
    templates: {
      'check-in': {
        en: [
          {
            name: 'owner',
            subject: 'About your {{ product }}',
            body: ['Hey {{ customer.first_name | default: "you" }},', '', 'Does {{ your_product }} work for you?', '', '{{ signer.name }}'],
          },
        ],
        de: [{ subject: 'Kurze Frage', body: 'Hallo,\n\npasst alles?\n\n{{ signer.name }}' }],
      },
    },
  });

  it("replaces the shipped phrasings with the store's own", () => {
    const note = shipped.render(noteContext(), override);
    expect(note.variant).toBe('owner');
    expect(note.subject).toBe('About your linen duvet cover');
    expect(note.text).toBe('Hey Emma,\n\nDoes your linen duvet cover work for you?\n\nSarah');
    expect(shipped.render(noteContext({ language: 'de' }), override)).toMatchObject({ variant: '1', subject: 'Kurze Frage' });
  });

  it('leaves the other stages and languages to the shipped templates', () => {
    expect(shipped.phrasings(override, 'check-in', 'fr').map((f) => f.origin)).toEqual(
      shipped.phrasings(store, 'check-in', 'fr').map((f) => f.origin),
    );
    expect(shipped.render(noteContext({ stage: 'thank-you' }), override).variant).toMatch(/^[abc]$/);
  });

  it('points errors into the config: subject, or body and line', () => {
    const broken = storeWith({
      templates: { 'check-in': { en: [{ subject: 'Hi {{ customer.nickname }}', body: ['Hello,', '', '{{ customer.frist_name }}?', 'Sarah'] }] } },
    });
    expect(() => shipped.render(noteContext(), broken)).toThrow(
      'stores.northwind.templates.check-in.en[0].subject: unknown variable customer.nickname',
    );
    const bodyOnly = storeWith({
      templates: { 'check-in': { en: [{ subject: 'Hi', body: ['Hello,', '', '{{ customer.frist_name }}?', 'Sarah'] }] } },
    });
    expect(() => shipped.render(noteContext(), bodyOnly)).toThrow(
      'stores.northwind.templates.check-in.en[0].body:3: unknown variable customer.frist_name',
    );
  });
});

describe('strict rendering', () => {
  const ok = 'Subject: Hi\n\nHi {{ customer.first_name }},\n\nAll good?\n\n{{ signer.name }}\n';

  it('renders a well-formed phrasing', () => {
    expect(rendererOf(ok).render(noteContext(), store).text).toBe('Hi Emma,\n\nAll good?\n\nSarah');
  });

  it('fails on an unknown variable, naming the template and line', () => {
    const error = renderError(rendererOf('Subject: Hi\n\nHi {{ customer.frist_name }},\n\nOK?\n'));
    expect(error.location).toBe('templates/check-in/en/a.liquid:3');
    expect(error.message).toBe(
      'templates/check-in/en/a.liquid:3: unknown variable customer.frist_name (see templates/README.md for the variables)',
    );
  });

  it('fails on an unknown variable inside a condition too', () => {
    const error = renderError(rendererOf('Subject: Hi\n\nHi,\n\n{% if customer.vip %}\nThanks!\n{% endif %}\nOK?\n'));
    expect(error.message).toMatch(/^templates\/check-in\/en\/a\.liquid:5: unknown variable customer\.vip/);
  });

  it('fails on a value that would print as nothing, instead of writing "Hi ,"', () => {
    const error = renderError(rendererOf(ok), noteContext({ customer: { firstName: null } }));
    expect(error.location).toBe('templates/check-in/en/a.liquid:3');
    expect(error.reason).toMatch(/^\{\{ customer\.first_name \}\} has no value for this order/);
  });

  it('does not let "| raw" or filters producing "" slip past the check', () => {
    expect(renderError(rendererOf('Subject: Hi\n\nHi {{ customer.first_name | raw }},\n'), noteContext({ customer: { firstName: null } })).location).toBe(
      'templates/check-in/en/a.liquid:3',
    );
    expect(renderError(rendererOf('Subject: Hi\n\nHi\n{{ store.name | remove: store.name }}\n')).location).toBe(
      'templates/check-in/en/a.liquid:4',
    );
  });

  it('fails on an unknown filter, naming the template and line', () => {
    const error = renderError(rendererOf('Subject: Hi\n\nHi,\n\n{{ your_product | shout }}?\n'));
    expect(error.message).toBe('templates/check-in/en/a.liquid:5: unknown filter shout');
  });

  it('fails on Liquid syntax errors with the line', () => {
    expect(renderError(rendererOf('Subject: Hi\n\nHi,\n{% if customer.first_order %}\nWelcome?\n')).location).toBe(
      'templates/check-in/en/a.liquid:4',
    );
  });

  it('fails on an empty subject line, or a file without "Subject:" and a blank line', () => {
    expect(renderError(rendererOf('Subject: {% if false %}x{% endif %}\n\nHi?\n')).location).toBe('templates/check-in/en/a.liquid:1');
    expect(renderError(rendererOf('Hi there,\n\nAll good?\n')).message).toBe(
      'templates/check-in/en/a.liquid:1: the first line must be "Subject: …"',
    );
    expect(renderError(rendererOf('Subject: Hi\nHi there,\nAll good?\n')).location).toBe('templates/check-in/en/a.liquid:2');
  });

  it('cannot read files from disk through include or render', () => {
    expect(() => rendererOf('Subject: Hi\n\n{% render "/etc/hostname" %}\n').render(noteContext(), store)).toThrow(TemplateError);
  });

  it('drops lines that hold only tags, and collapses blank lines', () => {
    const source = [
      'Subject: Hi',
      '',
      'Hi,',
      '',
      '  {% if customer.first_order %}',
      'Welcome!',
      '  {% else %}',
      'Welcome back!',
      '  {% endif %}',
      '{% comment %}a note to myself{% endcomment %}',
      '',
      '',
      '',
      'All good?   ',
    ].join('\n');
    expect(rendererOf(source).render(noteContext(), store).text).toBe('Hi,\n\nWelcome!\n\nAll good?');
  });

  it('falls back to the store language, then English, when a language has no phrasings', () => {
    const renderer = rendererOf(ok);
    const note = renderer.render(noteContext({ language: 'de' }), store);
    expect(note.language).toBe('en');
  });

  it('reports files that are not where phrasings live', () => {
    const renderer = new LiquidNoteRenderer({ files: { 'check-in/en/a.liquid': ok, 'checkin/en/b.liquid': ok, 'check-in/en/B.liquid': ok } });
    expect(renderer.problems.map((p) => p.location)).toEqual(['templates/check-in/en/B.liquid', 'templates/checkin/en/b.liquid']);
  });
});
