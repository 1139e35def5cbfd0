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
import { privacyRequests } from './function.ts';

export const makeHandler = (parts: PrivacyRequestDeps & Pick<Base, 'store'>) =>
  middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(async (event) => {
    for (const { request, sequenceNumber } of privacyRequestsIn(event.Records)) {
      const store = request && parts.store(request.storeId);
      if (!request || !store) {
        // Never readable, whatever the retries: said loudly, and left for its expiry.
        parts.logger.error('privacy request not readable or for no configured store; skipped', { sequenceNumber, storeId: request?.storeId });
        continue;
      }
      try {
        await carryOutPrivacyRequest(parts, store, request);
      } catch (error) {
        parts.logger.error('privacy request failed; the stream offers it again', {
          sequenceNumber,
          storeId: store.id,
          error: { name: (error as Error).name, message: (error as Error).message },
        });
        return { batchItemFailures: [{ itemIdentifier: sequenceNumber }] };
      }
    }
    return { batchItemFailures: [] };
  });

export const handler = lambdaHandler(privacyRequests, makeHandler);
