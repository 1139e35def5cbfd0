/** The send queue: the sweeper hands it due work, receive-mail the notices it announces. */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { NoticeQueue, SendQueue } from '../../core/ports.ts';
import { SqsSendQueue } from '../../adapters/sqs/sqs-send-queue.ts';
import { ENV } from '../env-keys.ts';
import type { Part } from './part.ts';

/** Notices go through the send queue: the sender emails them. */
export function queuedNotices(queue: SendQueue): NoticeQueue {
  return { announce: (escalationId, reason, options = {}) => queue.enqueue([{ kind: 'notice', escalationId, reason, ...options }]) };
}

export function sendQueue(): Part<'sendQueue', { send: true }, { queue: SendQueue; notices: NoticeQueue }> {
  return {
    kind: 'sendQueue',
    grant: { send: true },
    env: [ENV.queueUrl],
    build: (context) => {
      const queue = new SqsSendQueue(context.client('sqs', (config) => new SQSClient(config)), context.setting(ENV.queueUrl));
      return { queue, notices: queuedNotices(queue) };
    },
  };
}
