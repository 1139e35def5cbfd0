import { describe, expect, it } from 'vitest';
import { JsonLogger } from '../../../functions/shared/observability.ts';
import { VirtualClock } from '../../../functions/shared/clock.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = new JsonLogger({
    service: 'followup-test',
    level: 'debug',
    clock: new VirtualClock(new Date('2026-11-23T15:00:00.000Z')),
    write: (line) => void lines.push(JSON.parse(line)),
  });
  return { logger, lines };
}

describe('structured logs', () => {
  it('keeps its own level, time, service and message whatever the data says', () => {
    const { logger, lines } = capture();
    // An escalation reminder logs the ladder's level: it must not turn the entry into "level 0".
    logger.error('escalation reminder', { level: 0, time: 'then', service: 'other', message: 'm', escalationId: 'e1' });
    expect(lines).toEqual([
      {
        level: 'error',
        time: '2026-11-23T15:00:00.000Z',
        service: 'followup-test',
        message: 'escalation reminder',
        data_level: 0,
        data_time: 'then',
        data_service: 'other',
        data_message: 'm',
        escalationId: 'e1',
      },
    ]);
  });

  it('masks addresses in data and keys of a child logger alike', () => {
    const { logger, lines } = capture();
    logger.child({ level: 3 }).warn('note deferred', { to: 'ada@example.com' });
    expect(lines[0]).toMatchObject({ level: 'warn', data_level: 3, to: '[address]' });
  });
});
