/**
 * `npx followup …`: the store owner's tools.
 *
 *   templates check [--config FILE]
 *   preview --stage STAGE [--order FILE | --sample NAME] [--lang xx] [--store ID] [--config FILE] [--html]
 *   classify [--explain] FILE.eml | -
 *   trigger PLATFORM TOPIC [--order FILE] [--store ID] [--url BASE] [--email ADDRESS] [--order-id ID] [--keep-dates]
 *   escalations|conversations|scheduled … [--api BASE] [--token TOKEN] [--json]
 */
import { parseArgs } from 'node:util';
import { ConfigError, LANGUAGES, Language, STAGES, Stage, parseDeploymentConfig } from '../core/domain/store.ts';
import type { NoteContext } from '../core/domain/note.ts';
import type { DeploymentConfig, StoreConfig } from '../core/domain/store.ts';
import { LiquidNoteRenderer } from '../adapters/render/liquid-renderer.ts';
import { REPOSITORY_TEMPLATES_DIR } from '../adapters/render/templates-dir.ts';
import { TemplateError } from '../adapters/render/template-error.ts';
import { loadDeploymentConfig, readConfigFile } from '../shared/config.ts';
import { ENV } from '../shared/env-keys.ts';
import { OrderFileError, contextFromOrder, readOrderFile } from './order-file.ts';
import { classifyFile, explainFile, formatExplanation, MailFileError } from './classify.ts';
import { systemClock } from '../shared/clock.ts';
import { localSecretValues } from '../local/webhook-secrets.ts';
import { trigger, TriggerError } from './trigger/trigger.ts';
import { OperatorError } from './operator/client.ts';
import { OPERATOR_USAGE, operatorCommand } from './operator/commands.ts';
import { formatPreview } from './preview.ts';
import { SAMPLE_NAMES, sample, sampleAddress } from './samples.ts';
import { checkTemplates, formatReport } from './templates-check.ts';

const USAGE = `Usage: followup <command>

  templates check [--config FILE]
      Renders every template of every store for a set of sample orders and checks each note
      (length, question, signature, forbidden phrases, leftover Liquid, subject).

  preview --stage ${STAGES.join('|')} [--order FILE | --sample NAME] [--lang ${LANGUAGES.join('|')}]
          [--store ID] [--config FILE] [--html]
      Prints the email as it would be sent. --order takes an order as JSON: a Shopify or
      WooCommerce order, a Stripe checkout event (examples/webhooks/ has one of each), or the
      canonical OrderSnapshot. Samples: ${SAMPLE_NAMES.join(', ')}.

  classify [--explain] FILE.eml | -
      Reads one raw message (a file, or standard input with -) and prints on one line what the
      inbound handler makes of it: category, whether to escalate, urgency, auto-reply, reasons
      and the customer's words with quotes and signature removed. --explain shows the stripped
      text, the sentences, what was found in each and why the decision was made.

  trigger shopify|woocommerce|stripe TOPIC [--order FILE] [--store ID] [--url BASE]
          [--email ADDRESS] [--order-id ID] [--keep-dates]
      Sends a purchase webhook to the runtime as the platform would: the example payload for the
      topic (examples/webhooks/), or your own with --order, dated on the runtime's clock and
      signed with the store's secret. Prints {"status", "body", "orderId"} on one line. A new
      order each time; --order-id ID makes the event about an order sent before. --url defaults
      to http://127.0.0.1:$PORT (3000).

${OPERATOR_USAGE}`;

class UsageError extends Error {}


async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'templates':
      if (rest[0] !== 'check') throw new UsageError('templates: the only subcommand is "check"');
      return templatesCheck(rest.slice(1));
    case 'preview':
      return preview(rest);
    case 'trigger':
      return triggerCommand(rest);
    case 'escalations':
    case 'conversations':
    case 'scheduled':
      return operatorCommand(command, rest);
    case 'classify': {
      const explain = rest.includes('--explain');
      const files = rest.filter((a) => a !== '--explain');
      if (files.length !== 1 || (files[0]!.startsWith('--') && files[0] !== '-')) throw new UsageError('classify takes one file (or - for standard input), and optionally --explain');
      if (explain) process.stdout.write(formatExplanation(await explainFile(files[0]!)));
      else process.stdout.write(`${JSON.stringify(await classifyFile(files[0]!))}\n`);
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function templatesCheck(args: string[]): number {
  const { values } = parseArgs({ args, options: { config: { type: 'string' } }, strict: true });
  const config = deploymentConfig(values.config);
  const report = checkTemplates(renderer(), config);
  process.stdout.write(`${formatReport(report)}\n`);
  return report.problems.length === 0 ? 0 : 1;
}

function preview(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      stage: { type: 'string' },
      order: { type: 'string' },
      sample: { type: 'string' },
      lang: { type: 'string' },
      store: { type: 'string' },
      config: { type: 'string' },
      html: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const stage = Stage.safeParse(values.stage);
  if (!stage.success) throw new UsageError(`--stage must be one of ${STAGES.join(', ')}`);
  const language = values.lang === undefined ? null : Language.safeParse(values.lang);
  if (language && !language.success) throw new UsageError(`--lang must be one of ${LANGUAGES.join(', ')}`);
  if (values.order && values.sample) throw new UsageError('give --order or --sample, not both');

  const config = deploymentConfig(values.config);
  const store = pickStore(config, values.store);
  let context: NoteContext;
  let to: string;
  if (values.order) {
    const snapshot = readOrderFile(values.order);
    context = contextFromOrder(snapshot, store, stage.data, language?.data ?? null);
    to = snapshot.email ?? 'customer@example.com';
  } else {
    const name = values.sample ?? 'first-order';
    const found = sample(store, stage.data, language?.data ?? store.language, name);
    if (!found) throw new UsageError(`no sample "${name}"; samples: ${SAMPLE_NAMES.join(', ')}`);
    context = found.context;
    to = sampleAddress(context);
  }
  const notes = renderer();
  const rendered = notes.render(context, store);
  process.stdout.write(formatPreview({ config, context, rendered, to, htmlFor: (text) => notes.htmlFor(text) }, { html: values.html }));
  return 0;
}

async function triggerCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      order: { type: 'string' },
      store: { type: 'string' },
      url: { type: 'string' },
      email: { type: 'string' },
      'order-id': { type: 'string' },
      'keep-dates': { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const [platform, topic, ...extra] = positionals;
  if (!platform || !topic || extra.length) throw new UsageError('trigger takes a platform and a topic: followup trigger shopify orders/paid');
  const config = loadDeploymentConfig();
  const result = await trigger(
    {
      platform,
      topic,
      url: values.url ?? `http://127.0.0.1:${process.env.PORT || 3000}`,
      keepDates: values['keep-dates'],
      ...(values.order && { orderFile: values.order }),
      ...(values.store && { storeId: values.store }),
      ...(values.email && { email: values.email }),
      ...(values['order-id'] && { orderId: values['order-id'] }),
    },
    { config, secrets: localSecretValues(config), realNow: () => systemClock.now(), warn: (line) => process.stderr.write(`${line}\n`) },
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (result.status >= 200 && result.status < 300) return 0;
  const hint = result.status === 401 ? ': the runtime refused the signature or the store (does it use the same config and secrets?)' : '';
  process.stderr.write(`followup: the runtime answered ${result.status}${hint}\n`);
  return 1;
}

function renderer(): LiquidNoteRenderer {
  return new LiquidNoteRenderer({ templatesDir: process.env[ENV.templatesDir] ?? REPOSITORY_TEMPLATES_DIR });
}

function deploymentConfig(file: string | undefined): DeploymentConfig {
  return file ? parseDeploymentConfig(readConfigFile(file), file) : loadDeploymentConfig();
}

function pickStore(config: DeploymentConfig, id: string | undefined): StoreConfig {
  const wanted = id ?? config.defaultStore;
  const store = config.stores.find((s) => s.id === wanted);
  if (!store) throw new UsageError(`no store "${wanted}"; stores: ${config.stores.map((s) => s.id).join(', ')}`);
  return store;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`followup: ${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof OperatorError && process.argv.includes('--json')) {
    // Still one JSON value on standard output, for a script reading it; the words on standard error.
    process.stdout.write(`${JSON.stringify({ error: error.message, ...(error.status && { status: error.status }) })}\n`);
    process.stderr.write(`followup: ${error.message}\n`);
    process.exitCode = 1;
  } else if (error instanceof ConfigError || error instanceof OrderFileError || error instanceof TemplateError || error instanceof MailFileError || error instanceof TriggerError || error instanceof OperatorError) {
    process.stderr.write(`followup: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
