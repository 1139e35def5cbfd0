/**
 * Reads the table's stream: each privacy request ingest-webhook stored is carried out, in order.
 * A request that fails stops the batch there: the stream offers it (and what follows) again,
 * and a request done before is only forgotten, so nothing is done twice to any effect.
 */
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { privacyRequestsIn } from '../adapters/dynamodb/privacy-requests.ts';
import { carryOutPrivacyRequest, type PrivacyRequestDeps } from '../core/use-cases/carry-out-privacy-request.ts';
import type { Base } from '../shared/parts/base.ts';
import { lambdaHandler } from '../shared/lambda.ts';
import { inOrderUntilFailure } from '../shared/stream-batch.ts';
import { privacyRequests } from './function.ts';

export const makeHandler = (parts: PrivacyRequestDeps & Pick<Base, 'store'>) =>
  middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler((event) =>
    inOrderUntilFailure(
      privacyRequestsIn(event.Records),
      async ({ request, sequenceNumber }) => {
        const store = request && parts.store(request.storeId);
        if (!request || !store) {
          // Never readable, whatever the retries: said loudly, and left for its expiry.
          parts.logger.error('privacy request not readable or for no configured store; skipped', { sequenceNumber, storeId: request?.storeId });
          return;
        }
        await carryOutPrivacyRequest(parts, store, request);
      },
      ({ sequenceNumber, request }, error) => parts.logger.error('privacy request failed; the stream offers it again', { sequenceNumber, storeId: request?.storeId, error }),
    ),
  );

export const handler = lambdaHandler(privacyRequests, makeHandler);
