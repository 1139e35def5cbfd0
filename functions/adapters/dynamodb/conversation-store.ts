/**
 * Conversations in DynamoDB: one item each in its store's partition (`V#<store>`,
 * `V#<customer key>.<note id>`), so a store's conversations are one Query and one customer's are
 * a prefix of it. While held notes wait out a quiet time after a reply, the item sits in the due
 * index at that time. It holds the customer's latest words, so it expires with the store's
 * conversation retention from its latest change.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../../core/zod.ts';
import type { Conversation } from '../../core/domain/conversation.ts';
import type { ExpiryPolicy } from '../../core/domain/retention.ts';
import type { ConversationStore } from '../../core/ports.ts';
import { Expr, written } from './expression.ts';
import { conversationNoticeSk, conversationPk, conversationSk, dueShard } from './items.ts';
import { TTL_ATTRIBUTE } from './table-schema.ts';

/** How long a notice's once-only marker is kept: well past the queue's last redelivery. */
const NOTICE_MARKER_SECONDS = 14 * 24 * 3600;

const Person = z.object({ name: z.string(), email: z.string(), role: z.optional(z.string()) });

const ConversationItem = z.object({
  id: z.string(),
  storeId: z.string(),
  customerKey: z.string(),
  noteId: z.string(),
  customer: z.object({ email: z.string(), name: z.nullable(z.string()) }),
  owner: Person,
  // Checked loosely here: importing the categories would bring the whole classifier into every bundle.
  category: z.string() as z.ZodMiniType<Conversation['category']>,
  waiting: z.boolean(),
  lastMessage: z.object({
    from: z.enum(['customer', 'staff', 'note']),
    text: z.string(),
    at: z.string(),
    someoneElse: z.optional(z.string()),
    by: z.optional(z.string()),
  }),
  escalationId: z.nullable(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  language: z.nullable(z.enum(['en', 'de', 'fr', 'es'])),
  resumeAt: z.optional(z.string()),
  lastInbound: z._default(z.nullable(z.object({ messageId: z.nullable(z.string()), subject: z.string(), at: z.string() })), null),
  version: z.number().check(z.int()),
});

function toConversation(raw: Record<string, unknown>): Conversation {
  const item = ConversationItem.parse(raw);
  const conversation: Conversation = { ...item };
  if (conversation.resumeAt === undefined) delete conversation.resumeAt;
  return conversation;
}

export class DynamoConversationStore implements ConversationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly expiry: ExpiryPolicy,
  ) {}

  async get(storeId: string, id: string): Promise<Conversation | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: conversationPk(storeId), sk: conversationSk(id) }, ConsistentRead: true }),
    );
    return out.Item ? toConversation(out.Item) : null;
  }

  async list(storeId: string, options: { customerKey?: string } = {}): Promise<Conversation[]> {
    const found: Conversation[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': conversationPk(storeId), ':prefix': conversationSk(options.customerKey ?? '') },
          ExclusiveStartKey: start,
        }),
      );
      found.push(...(out.Items ?? []).map(toConversation));
      start = out.LastEvaluatedKey;
    } while (start);
    return found.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  save(conversation: Conversation, expectedVersion: number | null): Promise<boolean> {
    const due = conversation.resumeAt ? { duePk: dueShard(conversation.id), dueSk: conversation.resumeAt } : {};
    return written(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: conversationPk(conversation.storeId),
            sk: conversationSk(conversation.id),
            type: 'conversation',
            ...conversation,
            ...due,
            [TTL_ATTRIBUTE]: this.expiry.expiresAt(conversation.storeId, 'conversations'),
          },
          ...(expectedVersion === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :version',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':version': expectedVersion },
              }),
        }),
      ),
    );
  }

  claimNotice(storeId: string, id: string, mailId: string, leaseUntil: string, now: string): Promise<boolean> {
    const e = new Expr()
      .set('type', 'conversation-notice')
      .set('leaseUntil', leaseUntil)
      .set(TTL_ATTRIBUTE, Math.floor(Date.parse(now) / 1000) + NOTICE_MARKER_SECONDS);
    e.when(`attribute_not_exists(${e.name('doneAt')}) AND (attribute_not_exists(${e.name('leaseUntil')}) OR ${e.name('leaseUntil')} < ${e.value(now)})`);
    return written(this.db.send(new UpdateCommand({ TableName: this.tableName, Key: this.noticeKey(storeId, id, mailId), ...e.params() })));
  }

  async noticeDone(storeId: string, id: string, mailId: string, at: string): Promise<void> {
    const e = new Expr().set('doneAt', at).remove('leaseUntil');
    await this.db.send(new UpdateCommand({ TableName: this.tableName, Key: this.noticeKey(storeId, id, mailId), ...e.params() }));
  }

  private noticeKey(storeId: string, id: string, mailId: string) {
    return { pk: conversationPk(storeId), sk: conversationNoticeSk(id, mailId) };
  }

  markQueued(storeId: string, id: string, dueSk: string, token: string): Promise<boolean> {
    const e = new Expr().set('queueToken', token).remove('duePk', 'dueSk');
    e.when(`${e.name('dueSk')} = ${e.value(dueSk)}`);
    return written(
      this.db.send(new UpdateCommand({ TableName: this.tableName, Key: { pk: conversationPk(storeId), sk: conversationSk(id) }, ...e.params() })),
    );
  }
}
