import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { functions } from '../functions';
import type { DeadLetters } from './dead-letters';
import { invokeFunction } from './handler-modules';

const UNIT_MS: Record<string, number> = { minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 };

/** The interval of an EventBridge `rate(n unit)` expression, in milliseconds. */
export function rateMs(expression: string): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  const amount = match ? Number(match[1]) : 0;
  const unit = match?.[2] ?? '';
  // As EventBridge: a singular unit for 1, a plural one otherwise.
  if (!match || amount < 1 || (amount === 1) === unit.endsWith('s')) {
    throw new Error(`The local scheduler reads rate(1 minute|hour|day) or rate(n minutes|hours|days) expressions; got ${expression}`);
  }
  return amount * (UNIT_MS[unit] ?? 0);
}

export interface LocalScheduler {
  /** Invokes a function's schedule now, as EventBridge does at a tick; resolves with the handler's result. */
  fire(functionName: string): Promise<unknown>;
  stop(): void;
}

/**
 * The local EventBridge scheduler: every schedule of the manifest fires its function at the interval
 * of the same `rate(...)` expression CDK deploys, with a Scheduled Event like EventBridge's. `fire`
 * runs a tick now (for tests and the impatient: `POST /schedules/<function>/fire` on the events port).
 */
export function createLocalScheduler(options: { rootDir: string; deadLetters: DeadLetters }): LocalScheduler {
  const invoke = async (functionName: string): Promise<unknown> => {
    const event: ScheduledEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'local',
      resources: [`arn:aws:events:local:000000000000:rule/${functionName}`],
      detail: {},
    };
    return invokeFunction(options.rootDir, functionName, event);
  };
  const timers = functions.flatMap((spec) =>
    (spec.schedules ?? []).map((schedule) => {
      const timer = setInterval(() => {
        invoke(spec.name).catch((error: Error) =>
          options.deadLetters.push({ functionName: spec.name, error: error.name, event: { schedule: schedule.expression } }),
        );
      }, rateMs(schedule.expression));
      timer.unref();
      return timer;
    }),
  );
  return {
    fire: (functionName) => {
      if (!functions.some((spec) => spec.name === functionName && spec.schedules?.length))
        return Promise.reject(new Error(`No function ${functionName} with a schedule`));
      return invoke(functionName);
    },
    stop: () => {
      for (const timer of timers) clearInterval(timer);
    },
  };
}
