/**
 * Stands in for `@smithy/core/event-streams` inside the Lambda bundles (see infra/bundling.ts).
 * The SDK needs it only for operations that stream events; no call the functions make does, yet
 * every bundle carried its 15 KB, because the protocol code imports it on demand
 * (`HttpProtocol.loadEventStreamCapability`). Building a client still works; an operation that
 * would stream events fails, saying why.
 */
const why = 'event streams are not bundled with this function (functions/shared/no-event-streams.ts)';

function unavailable(): never {
  throw new Error(why);
}

/** Asked for a marshaller when an operation streams events: there is none. */
export const eventStreamSerdeProvider = unavailable;

export class EventStreamSerde {
  constructor() {
    unavailable();
  }
}
