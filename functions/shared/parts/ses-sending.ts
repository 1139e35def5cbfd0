/** Sending through SES, from the deployment's own addresses only. */
import { SESClient } from '@aws-sdk/client-ses';
import type { Mailer } from '../../core/ports.ts';
import { SesMailer } from '../../adapters/ses/ses-mailer.ts';
import { ENV } from '../env-keys.ts';
import type { Part } from './part.ts';

export function sesSending(): Part<'sesSending', { send: 'from-deployment-addresses' }, { mailer: Mailer }> {
  return {
    kind: 'sesSending',
    grant: { send: 'from-deployment-addresses' },
    env: [ENV.configurationSet],
    build: (context) => ({
      mailer: new SesMailer(
        // One attempt per send: see SesMailer.
        context.client('ses', (config) => new SESClient({ ...config, maxAttempts: 1 })),
        { configurationSet: context.setting(ENV.configurationSet), clock: context.base.clock, messageIdFor: context.base.messageIdFor },
      ),
    }),
  };
}
