/**
 * List prices the bill uses (us-east-1, 2025–2026), each with where it comes from. No free tier
 * is counted: a store's bill should not depend on what else the account runs.
 * Source of most: /work/shared/reference/performance.md §6–§8 (AWS pricing pages, as cited there).
 */
export const PRICES = {
  lambda: {
    /** Per request. */
    request: 0.2 / 1e6,
    /** arm64, per GB-second (x86 is $0.0000166667). */
    gbSecond: 0.0000133334,
  },
  dynamodb: {
    /** On-demand, after the November 2024 cut. */
    writeUnit: 0.625 / 1e6,
    readUnit: 0.125 / 1e6,
  },
  sqs: { request: 0.4 / 1e6 },
  ses: {
    /** À la carte outbound, per recipient. */
    outbound: 0.1 / 1000,
    /** The Essentials plan, the default for accounts opened since 2026-07-21 (0–10 M a month). */
    outboundEssentials: 0.16 / 1000,
    inboundMail: 0.1 / 1000,
    /** Per incoming 256 KB chunk. */
    inboundChunk: 0.09 / 1000,
  },
  s3: { put: 0.005 / 1000, get: 0.0004 / 1000, gbMonth: 0.023 },
  secretsManager: { secretMonth: 0.4, call: 0.05 / 10_000 },
  sns: { publish: 0.5 / 1e6 },
  cloudWatch: {
    /** Logs ingested (Standard class). */
    logsGb: 0.5,
    logsStoredGbMonth: 0.03,
    /** A standard-resolution alarm on one metric. */
    alarmMonth: 0.1,
  },
  apiGateway: { httpRequest: 1.0 / 1e6 },
  xray: { trace: 5.0 / 1e6 },
} as const;

/**
 * How long an invocation is billed, modelled from the calls it makes, since local latencies are
 * not Lambda's: DynamoDB ≈ 10 ms with keep-alive, SES SendRawEmail 40–60 ms (performance.md §6,
 * §7); SQS, S3 and Secrets Manager as one round trip each. Calls made side by side count in full
 * (an upper bound).
 */
export const LATENCY_MS = { base: 3, dynamodb: 10, ses: 50, sqs: 15, s3: 25, secretsmanager: 30 } as const;

/** Cold starts: about 1 % of invocations, each with ≈ 250 ms of INIT (billed since 2025-08-01). */
export const COLD_START = { share: 0.01, initMs: 250 } as const;

/** Lambda's own log lines per invocation (START, END, REPORT with the X-Ray trace id). */
export const PLATFORM_LOG_BYTES = 450;

/** Log retention of the prod stage (infra/config/stages.ts): about one month stored. */
export const LOG_MONTHS_STORED = 1;

/**
 * What a month costs whatever the orders: the sweeper every minute (its 16 shard queries find
 * nothing most minutes; DynamoDB bills an empty query 0.5 read units), and the SQS event source
 * mapping's long polls while the send queue is empty (5 pollers × 3 receives a minute, 20 s
 * waits).
 */
export const IDLE = {
  sweepsPerMonth: 60 * 24 * 30,
  sweepQueries: 16,
  readUnitsPerEmptyQuery: 0.5,
  sweepMs: 60,
  sqsPollsPerMonth: 5 * 3 * 60 * 24 * 30,
} as const;
