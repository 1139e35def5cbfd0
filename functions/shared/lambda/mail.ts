/** SES sending and the Liquid renderer, for the function that sends notes. */
import { SESClient } from '@aws-sdk/client-ses';
import { LiquidNoteRenderer } from '../../adapters/render/liquid-renderer.ts';
import { REPOSITORY_TEMPLATES_DIR } from '../../adapters/render/templates-dir.ts';
import { SesMailer } from '../../adapters/ses/ses-mailer.ts';
import { ENV } from '../env-keys.ts';
import type { LambdaBase } from './base.ts';

/** SES sending alone (escalation notices, the owner's replies). */
export function lambdaMailer(base: LambdaBase) {
  const endpoint = base.env[ENV.sesEndpoint];
  // One attempt per send: see SesMailer.
  const ses = new SESClient({ region: base.region, maxAttempts: 1, ...(endpoint && { endpoint }) });
  return { mailer: new SesMailer(ses, { region: base.region, configurationSet: base.env[ENV.configurationSet] ?? '', clock: base.clock }) };
}

/** SES and the templates, for the function that sends notes. */
export function lambdaMail(base: LambdaBase) {
  return {
    ...lambdaMailer(base),
    renderer: new LiquidNoteRenderer({ templatesDir: base.env[ENV.templatesDir] ?? REPOSITORY_TEMPLATES_DIR }),
  };
}
