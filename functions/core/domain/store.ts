/**
 * Store configuration: one typed, validated document for every store of a deployment.
 *
 * Everything a store owner decides lives here: who signs the notes, which stages run and when,
 * who counts as a long-time customer, the send window, template overrides. Secrets are only
 * named here; the deployment resolves the names (Secrets Manager in AWS, local values in the
 * local runtime).
 */
import * as z from '../zod.ts';
import { ConfigError } from '../errors.ts';
import { isDuration } from './duration.ts';
import { Retention } from './retention.ts';
import { Language, Segment, SEGMENTS, Stage } from './terms.ts';

// The terms the config shares with the rest of the domain live in terms.ts, so that what only
// needs them (a stored note) does not build this module's schemas when it loads.
export { ConfigError } from '../errors.ts';
export { Language, LANGUAGES, Segment, SEGMENTS, Stage, STAGES } from './terms.ts';

const Duration = z.string().check(z.refine(isDuration, { message: 'an ISO 8601 duration such as "P3D" or "PT2H"' }));
const TimeZone = z.string().check(z.refine(isTimeZone, { message: 'an IANA time zone such as "Europe/Berlin"' }));
const ClockTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour time such as "09:30"'));
const SecretName = z.string().check(z.regex(/^[A-Za-z0-9/_+=.@-]{1,256}$/, 'a secret name (letters, digits, / _ + = . @ -)'));

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const Persona = z.object({
  /** First name the note is signed with ("Sarah"). */
  name: z.string().check(z.minLength(1), z.maxLength(60)),
  /** Optional role shown under the name ("Owner"). */
  role: z.optional(z.string().check(z.maxLength(60))),
  /** A real, monitored mailbox of the store: never a noreply address. */
  email: z.email().check(
    z.refine((e) => !/^(no-?reply|do-?not-?reply|mailer-daemon|postmaster)@/i.test(e), {
      message: 'a person\'s address, not a "noreply" one',
    }),
  ),
  /**
   * Other addresses this person writes from (a phone's account, an old mailbox): their answers
   * to notices are accepted from these too. Mail to customers always leaves from `email`.
   */
  otherAddresses: z.optional(z.array(z.email()).check(z.maxLength(5))),
});
export type Persona = z.infer<typeof Persona>;

export const StagePlan = z.object({
  enabled: z._default(z.boolean(), true),
  /** The purchase event the delay counts from. */
  after: z.enum(['paid', 'fulfilled', 'delivered']),
  delay: Duration,
  /** For orders never marked delivered: count from another event instead. */
  fallback: z.optional(z.object({ after: z.enum(['paid', 'fulfilled']), delay: Duration })),
  /** Which customers get this stage; all of them by default. */
  segments: z._default(z.array(Segment).check(z.minLength(1)), [...SEGMENTS]),
  /** Only for orders at or above the store's high-value threshold. */
  highValueOnly: z._default(z.boolean(), false),
});
export type StagePlan = z.infer<typeof StagePlan>;

const DEFAULT_PLAN = {
  'thank-you': { enabled: true, after: 'paid', delay: 'PT2H', segments: [...SEGMENTS], highValueOnly: false },
  shipped: { enabled: false, after: 'fulfilled', delay: 'PT1H', segments: [...SEGMENTS], highValueOnly: false },
  'check-in': {
    enabled: true,
    after: 'delivered',
    delay: 'P3D',
    fallback: { after: 'fulfilled', delay: 'P10D' },
    segments: [...SEGMENTS],
    highValueOnly: false,
  },
} as const satisfies Record<Stage, z.input<typeof StagePlan>>;

/** ISO weekdays, 1 = Monday … 7 = Sunday. */
const Weekdays = z.array(z.number().check(z.int(), z.gte(1), z.lte(7))).check(z.minLength(1));
const startBeforeEnd = () => z.refine<{ start: string; end: string }>((w) => w.start < w.end, { message: 'start must be before end', path: ['end'] });

export const SendWindow = z
  .object({
    start: z._default(ClockTime, '09:30'),
    end: z._default(ClockTime, '17:00'),
    days: z._default(Weekdays, [1, 2, 3, 4, 5]),
  })
  .check(startBeforeEnd());
export type SendWindow = z.infer<typeof SendWindow>;

export const Caps = z.object({
  /** At most one check-in per customer in this span. */
  checkInEvery: z._default(Duration, 'P7D'),
  /** Never two notes of any kind to one customer within this span. */
  anyNoteEvery: z._default(Duration, 'P1D'),
  /** Orders of one customer whose notes fall due this close together share one note. */
  mergeWithin: z._default(Duration, 'P3D'),
});
export type Caps = z.infer<typeof Caps>;

export const Loyalty = z.object({
  /** A customer with this many paid orders is a long-time customer. */
  orders: z._default(z.number().check(z.int(), z.gte(2)), 5),
  /** …or one whose first order is at least this many years ago (with two orders or more). */
  years: z._default(z.number().check(z.gte(0.5)), 2),
  /** Who signs notes to long-time customers. */
  signedBy: z._default(z.enum(['persona', 'senior']), 'senior'),
});
export type Loyalty = z.infer<typeof Loyalty>;

export const EscalationPolicy = z.object({
  /**
   * Who takes a problem after the senior person, in order: when nobody acknowledges it in time,
   * it passes to the next person (and the last one keeps being reminded).
   */
  ladder: z._default(z.array(Persona).check(z.maxLength(5)), []),
  acknowledgeWithin: z._default(
    z.object({
      /** Money, law or safety at stake: around the clock. */
      high: z._default(Duration, 'PT1H'),
      /** In working hours. */
      normal: z._default(Duration, 'PT4H'),
    }),
    { high: 'PT1H', normal: 'PT4H' },
  ),
  /** The working hours of the people on the ladder, in the store's time zone. */
  workingHours: z._default(
    z
      .object({
        start: z._default(ClockTime, '09:00'),
        end: z._default(ClockTime, '18:00'),
        days: z._default(Weekdays, [1, 2, 3, 4, 5]),
      })
      .check(startBeforeEnd()),
    { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
  ),
  /**
   * A customer's question goes to the person who signed the note, to be answered within this
   * much working time; unanswered, it climbs to the senior person.
   */
  answerWithin: z._default(Duration, 'PT8H'),
  /**
   * Reminders to one person about one escalation, at most; after that it stays on their daily
   * digest. (Whatever this says, one person gets at most one reminder an hour.)
   */
  maxReminders: z._default(z.number().check(z.int(), z.gte(0), z.lte(10)), 3),
  /**
   * An urgent escalation's clock runs around the clock, so reminders and hand-overs may reach
   * people at night and at weekends. Off: urgent clocks are shorter, but count working hours.
   */
  wakeForUrgent: z._default(z.boolean(), false),
});
export type EscalationPolicy = z.infer<typeof EscalationPolicy>;

/** What happens around a customer's reply once a person has it. */
export const ReplyPolicy = z.object({
  /**
   * After praise or an ordinary reply (nothing to act on), the customer's pending notes wait
   * this long and then go on: nobody wants a check-in an hour after writing "love it!".
   */
  resumeAfterQuiet: z._default(Duration, 'P3D'),
  /** A resolved problem gets a short "did it get sorted?" from the same person, this long after. */
  checkBack: z._default(z.object({ enabled: z._default(z.boolean(), true), after: z._default(Duration, 'P4D') }), {
    enabled: true,
    after: 'P4D',
  }),
});
export type ReplyPolicy = z.infer<typeof ReplyPolicy>;

/** The daily digest every person with something open gets, in the store's time zone. */
export const DigestPolicy = z.object({
  enabled: z._default(z.boolean(), true),
  /** When it arrives on working days (escalation.workingHours.days). */
  at: z._default(ClockTime, '08:30'),
});
export type DigestPolicy = z.infer<typeof DigestPolicy>;

const ShopifyConnection = z.object({
  /** The myshopify domain; when set, X-Shopify-Shop-Domain must match it. */
  shopDomain: z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'a myshopify.com domain'))),
  /** Client secrets; two during a rotation (Shopify signs with the oldest unrevoked one). */
  secrets: z.array(SecretName).check(z.minLength(1), z.maxLength(2)),
});
const WooConnection = z.object({
  /** The store's home URL; when set, X-WC-Webhook-Source must match it. */
  sourceUrl: z.optional(z.url()),
  secret: SecretName,
});
const StripeConnection = z.object({ secret: SecretName });

/**
 * A store's own wording for one stage and language: its phrasings replace the shipped ones in
 * `templates/<stage>/<lang>/` (one is chosen per customer, as with the shipped files). Each is
 * Liquid, like a template file: a subject, and a body given as one string or, easier to read and
 * edit in JSON, as a list of lines.
 */
export const TemplateOverride = z
  .array(
    z.object({
      /** Names the phrasing in audits and messages; its position ("1", "2") otherwise. */
      name: z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,29}$/, 'lower-case letters, digits and dashes'))),
      subject: z.string().check(z.minLength(1), z.maxLength(200), z.refine((s) => !s.includes('\n'), { message: 'one line' })),
      body: z.union([z.string().check(z.minLength(1)), z.array(z.string()).check(z.minLength(1))]),
    }),
  )
  .check(z.minLength(1));
export type TemplateOverride = z.infer<typeof TemplateOverride>;

export const StoreConfig = z.object({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, at most 40')),
  /** The store's name as customers know it ("Northwind Home"). */
  name: z.string().check(z.minLength(1), z.maxLength(80)),
  timeZone: TimeZone,
  language: z._default(Language, 'en'),
  /** Currency of the high-value threshold. */
  currency: z._default(z.string().check(z.regex(/^[A-Z]{3}$/)), 'USD'),
  /** Orders at or above this total (major units of `currency`) are high value. */
  highValueAt: z._default(z.number().check(z.positive()), 250),
  /** Who writes the notes. */
  persona: Persona,
  /** The owner or a senior person: signs notes to long-time customers and takes escalations. */
  senior: Persona,
  platforms: z
    .object({
      shopify: z.optional(ShopifyConnection),
      woocommerce: z.optional(WooConnection),
      stripe: z.optional(StripeConnection),
    })
    .check(z.refine((p) => p.shopify || p.woocommerce || p.stripe, { message: 'connect at least one platform' })),
  plan: z._default(
    z.object({
      'thank-you': z._default(StagePlan, DEFAULT_PLAN['thank-you']),
      shipped: z._default(StagePlan, DEFAULT_PLAN.shipped),
      'check-in': z._default(StagePlan, DEFAULT_PLAN['check-in']),
    }),
    DEFAULT_PLAN,
  ),
  sendWindow: z._default(SendWindow, { start: '09:30', end: '17:00', days: [1, 2, 3, 4, 5] }),
  caps: z._default(Caps, { checkInEvery: 'P7D', anyNoteEvery: 'P1D', mergeWithin: 'P3D' }),
  loyalty: z._default(Loyalty, { orders: 5, years: 2, signedBy: 'senior' }),
  escalation: z._default(EscalationPolicy, () => ({
    ladder: [],
    acknowledgeWithin: { high: 'PT1H', normal: 'PT4H' },
    workingHours: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
    answerWithin: 'PT8H',
    maxReminders: 3,
    wakeForUrgent: false,
  })),
  replies: z._default(ReplyPolicy, { resumeAfterQuiet: 'P3D', checkBack: { enabled: true, after: 'P4D' } }),
  digest: z._default(DigestPolicy, { enabled: true, at: '08:30' }),
  /** Follow up platform test orders too (useful on a development store). */
  includeTestOrders: z._default(z.boolean(), false),
  /** Per stage and language: replaces the shipped template. */
  templates: z._default(z.partialRecord(Stage, z.partialRecord(Language, TemplateOverride)), {}),
  /** How long orders, notes, conversations and raw mail are kept (docs/privacy.md). */
  retention: Retention,
});
export type StoreConfig = z.infer<typeof StoreConfig>;
export type StoreConfigInput = z.input<typeof StoreConfig>;

export const DeploymentConfig = z
  .object({
    /** Store served by the routes without a store id. */
    defaultStore: z.string(),
    stores: z.array(StoreConfig).check(z.minLength(1)),
    /** Domain whose mail SES receives: Reply-To is reply+<token>@ this domain. */
    inboundDomain: z.string().check(z.regex(/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/, 'a lower-case domain name')),
    /** Public base URL of the HTTP API (unsubscribe links). */
    publicBaseUrl: z.url(),
    /** Largest webhook body accepted, in bytes. */
    maxBodyBytes: z._default(z.number().check(z.int(), z.gte(1024)), 1_048_576),
    /** Secret values for the local runtime only; AWS reads Secrets Manager. */
    localSecrets: z._default(z.record(SecretName, z.string().check(z.minLength(1))), {}),
  })
  .check(
    z.superRefine((c, ctx) => {
      const ids = new Set<string>();
      c.stores.forEach((s, i) => {
        if (ids.has(s.id)) ctx.addIssue({ code: 'custom', message: `duplicate store id "${s.id}"`, path: ['stores', i, 'id'] });
        ids.add(s.id);
      });
      if (!ids.has(c.defaultStore)) {
        ctx.addIssue({ code: 'custom', message: `no store has the id "${c.defaultStore}"`, path: ['defaultStore'] });
      }
    }),
  );
export type DeploymentConfig = z.infer<typeof DeploymentConfig>;
export type DeploymentConfigInput = z.input<typeof DeploymentConfig>;

/** Every secret name the config refers to, for grants and for the local runtime. */
export function secretNames(config: DeploymentConfig): string[] {
  const names = new Set<string>();
  for (const store of config.stores) {
    store.platforms.shopify?.secrets.forEach((s) => names.add(s));
    if (store.platforms.woocommerce) names.add(store.platforms.woocommerce.secret);
    if (store.platforms.stripe) names.add(store.platforms.stripe.secret);
  }
  return [...names];
}

/**
 * Parses a deployment config; a bad one fails with every problem, each naming its field
 * (`stores[0].persona.email: a person's address, not a "noreply" one`).
 */
export function parseDeploymentConfig(input: unknown, source = 'config'): DeploymentConfig {
  const result = DeploymentConfig.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`);
  throw new ConfigError(`${source} is not valid:\n${lines.join('\n')}`);
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}
