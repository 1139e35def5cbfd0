/**
 * Everything the pipeline is made of, as one set: what the local runtime builds with the local
 * engines' clients and its virtual clock. Each Lambda function builds only its share of it
 * (lambda/ and the function's handler), from the same parts, so handlers cannot tell a local
 * run from a deployed one.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESClient } from '@aws-sdk/client-ses';
import type { DeploymentConfig } from '../core/domain/store.ts';
import { expiryPolicy } from '../core/domain/retention.ts';
import type { Clock, FileStore, Mailer, SendQueue, NoteRenderer, NoticeQueue, RawMailStore, SecretProvider } from '../core/ports.ts';
import { LiquidNoteRenderer } from '../adapters/render/liquid-renderer.ts';
import { SesMailer } from '../adapters/ses/ses-mailer.ts';
import type { JsonLogger } from './observability.ts';
import { baseParts, queuedNotices, secretParts, storeParts, type BaseParts, type SecretParts, type StoreParts } from './parts.ts';

export type AppDeps = BaseParts &
  StoreParts &
  SecretParts & {
    queue: SendQueue;
    notices: NoticeQueue;
    rawMail: RawMailStore;
    files: FileStore;
    mailer: Mailer;
    renderer: NoteRenderer;
  };

export interface DepsParts {
  config: DeploymentConfig;
  clock: Clock;
  logger: JsonLogger;
  dynamo: DynamoDBClient;
  tableName: string;
  queue: SendQueue;
  rawMail: RawMailStore;
  files: FileStore;
  ses: SESClient;
  sesRegion: string;
  configurationSet: string;
  secrets: SecretProvider;
  signingSecretName: string;
  templatesDir: string;
}

export function buildDeps(parts: DepsParts): AppDeps {
  return {
    ...baseParts(parts.config, parts.clock, parts.logger),
    ...storeParts(parts.dynamo, parts.tableName, expiryPolicy(parts.config.stores, parts.clock)),
    ...secretParts(parts.secrets, parts.signingSecretName),
    queue: parts.queue,
    notices: queuedNotices(parts.queue),
    rawMail: parts.rawMail,
    files: parts.files,
    mailer: new SesMailer(parts.ses, { region: parts.sesRegion, configurationSet: parts.configurationSet, clock: parts.clock }),
    renderer: new LiquidNoteRenderer({ templatesDir: parts.templatesDir }),
  };
}
