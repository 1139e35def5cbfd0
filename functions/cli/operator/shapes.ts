/**
 * What the command line reads of the operator API's answers (the contract's fields), checked at
 * this boundary. Fields it does not show are let through untouched for --json.
 */
import * as z from 'zod';

const text = z.string().nullish();
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
  owner: Person.nullish(),
  createdAt: text,
  dueBy: text,
  acknowledgedAt: text,
  resolvedAt: text,
  customer: Person.nullish(),
  order: z
    .looseObject({
      platform: text,
      name: text,
      total: z.number().nullish(),
      currency: text,
      fulfillment: text,
      items: z.array(z.looseObject({ title: z.string(), variant: text, quantity: z.number().nullish() })).nullish(),
    })
    .nullish(),
  reply: z.looseObject({ text: text, receivedAt: text }).nullish(),
  reasons: z.array(z.string()).nullish(),
  conversation: z.array(Message).nullish(),
});
export type Escalation = z.infer<typeof Escalation>;

export const Conversation = z.looseObject({
  id: z.string(),
  store: text,
  customer: Person.nullish(),
  owner: z.union([z.string(), Person]).nullish(),
  category: text,
  status: text,
  dueBy: text,
  lastMessage: Message.nullish(),
  escalationId: text,
  messages: z.array(Message).nullish(),
  conversation: z.array(Message).nullish(),
});
export type Conversation = z.infer<typeof Conversation>;

export const Scheduled = z.looseObject({
  id: z.string(),
  store: text,
  customer: Person.nullish(),
  stage: text,
  dueAt: text,
  status: text,
});
export type Scheduled = z.infer<typeof Scheduled>;

export const Items = <T extends z.ZodType>(item: T) => z.looseObject({ items: z.array(item) });
