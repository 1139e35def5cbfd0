/**
 * Stands in for `@smithy/core/event-streams` inside the Lambda bundles (see infra/bundling.ts).
 * The SDK needs it only for operations that stream events (S3 SelectObjectContent and the like);
 * no call the functions make does, yet every bundle carried its 15 KB (the protocol code loads
 * it on demand; the SDK's S3 client, no longer bundled, also wired it in). Building a client still works;
 * an operation that would stream events fails, saying why.
 */
const why = 'event streams are not bundled with this function (functions/shared/no-event-streams.ts)';

function unavailable(): never {
  throw new Error(why);
}

/** What a client's configuration holds: a marshaller that refuses to be used. */
const marshaller = { serialize: unavailable, deserialize: unavailable };

export const eventStreamSerdeProvider = () => marshaller;

export function resolveEventStreamSerdeConfig<T extends { eventStreamSerdeProvider: (config: T) => unknown }>(input: T) {
  return Object.assign(input, { eventStreamMarshaller: input.eventStreamSerdeProvider(input) });
}

export class EventStreamSerde {
  constructor() {
    unavailable();
  }
}
