/**
 * The pieces every deployment is made of, built from clients it is given: the Lambda functions
 * pass clients made from their environment (lambda/), the local runtime passes clients of the
 * local engines (container.ts). Each function takes only the pieces it uses, so its bundle
 * carries no SDK client it never calls.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TokenSigner } from '../core/domain/keys.ts';
import type { DeploymentConfig, StoreConfig } from '../core/domain/store.ts';
import type { Clock, SendQueue, NoticeQueue, SecretProvider } from '../core/ports.ts';
import { DynamoConversationStore } from '../adapters/dynamodb/conversation-store.ts';
import { DynamoCustomerStore } from '../adapters/dynamodb/customer-store.ts';
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store.ts';
import { DynamoEscalationStore } from '../adapters/dynamodb/escalation-store.ts';
import { DynamoInboundStore } from '../adapters/dynamodb/inbound-store.ts';
import { DynamoNoteStore } from '../adapters/dynamodb/note-store.ts';
import { DynamoOrderStore } from '../adapters/dynamodb/order-store.ts';
import { DynamoSuppressionStore } from '../adapters/dynamodb/suppression-store.ts';
import { DynamoWebhookLedger } from '../adapters/dynamodb/webhook-ledger.ts';
import type { JsonLogger } from './observability.ts';

export interface BaseParts {
  config: DeploymentConfig;
  store(id: string): StoreConfig | undefined;
  clock: Clock;
  logger: JsonLogger;
  links: { inboundDomain: string; publicBaseUrl: string };
}

export function baseParts(config: DeploymentConfig, clock: Clock, logger: JsonLogger): BaseParts {
  const stores = new Map(config.stores.map((s) => [s.id, s]));
  return {
    config,
    store: (id) => stores.get(id),
    clock,
    logger,
    links: { inboundDomain: config.inboundDomain, publicBaseUrl: config.publicBaseUrl.replace(/\/$/, '') },
  };
}

export function documentClient(dynamo: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
}

export type StoreParts = ReturnType<typeof storeParts>;

/** Every store of the one table. */
export function storeParts(dynamo: DynamoDBClient, tableName: string) {
  const db = documentClient(dynamo);
  return {
    tableName,
    dynamoDocument: db,
    orders: new DynamoOrderStore(db, tableName),
    customers: new DynamoCustomerStore(db, tableName),
    notes: new DynamoNoteStore(db, tableName),
    suppressions: new DynamoSuppressionStore(db, tableName),
    ledger: new DynamoWebhookLedger(db, tableName),
    inbound: new DynamoInboundStore(db, tableName),
    escalations: new DynamoEscalationStore(db, tableName),
    conversations: new DynamoConversationStore(db, tableName),
    digests: new DynamoDigestStore(db, tableName),
  };
}

export interface SecretParts {
  secrets: SecretProvider;
  /** The key that signs reply addresses and unsubscribe links, read once and kept. */
  signer(): Promise<TokenSigner>;
}

export function secretParts(secrets: SecretProvider, signingSecretName: string): SecretParts {
  let signer: Promise<TokenSigner> | undefined;
  return {
    secrets,
    signer: () => {
      signer ??= secrets.get(signingSecretName).then((s) => new TokenSigner(s));
      signer.catch(() => (signer = undefined));
      return signer;
    },
  };
}

/** Notices go through the send queue: the sender emails them. */
export function queuedNotices(queue: SendQueue): NoticeQueue {
  return { announce: (escalationId, reason, options = {}) => queue.enqueue([{ kind: 'notice', escalationId, reason, ...options }]) };
}

/** Builds once, on first use: the cold start pays for it, warm invocations do not. */
export function once<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}
