/**
 * What the command line reads of the operator API's answers (the contract's fields), checked at
 * this boundary. Fields it does not show are let through untouched for --json.
 */
import * as z from '../../core/zod.ts';

const text = z.nullish(z.string());
const Person = z.looseObject({ name: text, email: text, role: text });

export const Message = z.looseObject({
  direction: text,
  /** Escalations say who wrote it by name; conversations say customer, staff or note. */
  from: text,
  at: text,
  subject: text,
  text: text,
  category: text,
});
export type Message = z.infer<typeof Message>;

export const Escalation = z.looseObject({
  id: z.string(),
  status: z.string(),
  priority: text,
  category: text,
  owner: z.nullish(Person),
  createdAt: text,
  dueBy: text,
  acknowledgedAt: text,
  resolvedAt: text,
  customer: z.nullish(Person),
  order: z.nullish(
    z.looseObject({
      platform: text,
      name: text,
      total: z.nullish(z.number()),
      currency: text,
      fulfillment: text,
      items: z.nullish(z.array(z.looseObject({ title: z.string(), variant: text, quantity: z.nullish(z.number()) }))),
    }),
  ),
  reply: z.nullish(z.looseObject({ text: text, receivedAt: text })),
  reasons: z.nullish(z.array(z.string())),
  conversation: z.nullish(z.array(Message)),
});
export type Escalation = z.infer<typeof Escalation>;

export const Conversation = z.looseObject({
  id: z.string(),
  store: text,
  customer: z.nullish(Person),
  owner: z.nullish(z.union([z.string(), Person])),
  category: text,
  status: text,
  dueBy: text,
  lastMessage: z.nullish(Message),
  escalationId: text,
  messages: z.nullish(z.array(Message)),
  conversation: z.nullish(z.array(Message)),
});
export type Conversation = z.infer<typeof Conversation>;

export const Scheduled = z.looseObject({
  id: z.string(),
  store: text,
  customer: z.nullish(Person),
  stage: text,
  dueAt: text,
  status: text,
});
export type Scheduled = z.infer<typeof Scheduled>;

export const Items = <T extends z.ZodMiniType>(item: T) => z.looseObject({ items: z.array(item) });
