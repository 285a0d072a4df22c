import { describe, expect, it } from 'vitest';
import { createJourneySchema, JOURNEY_LIMITS } from '#shared/domain/journey';

const from = 'Beispiel GmbH <news@example.de>';
/** The README's welcome series: consent granted → welcome → wait 2 days → tips only to who did not click. */
const welcome = {
  name: 'Welcome series',
  trigger: { type: 'consent_granted', topic: 'newsletter' },
  steps: [
    { id: 'welcome', type: 'send_email', templateId: 't-welcome', topic: 'newsletter', from, next: 'pause' },
    { id: 'pause', type: 'wait', duration: { days: 2 }, next: 'clicked' },
    { id: 'clicked', type: 'branch', email: { stepId: 'welcome', event: 'clicked', withinHours: 48 }, yes: 'done', no: 'tips' },
    { id: 'tips', type: 'send_email', templateId: 't-tips', topic: 'newsletter', from },
    { id: 'done', type: 'exit' },
  ],
};

function pathsOf(input: unknown): string[] {
  const result = createJourneySchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

function withSteps(steps: unknown[]): unknown {
  return { ...welcome, steps };
}

describe('a journey definition', () => {
  it('accepts the welcome series and defaults re-entry to never and the holdout to none', () => {
    const parsed = createJourneySchema.parse({ ...welcome, entry: {} });
    expect(parsed.entry?.reentry).toBe('never');
    expect(parsed.holdoutPercent).toBe(0);
  });

  it('accepts the win-back journey: segment entered, mail, goal order within 30 days, 10 % holdout', () => {
    const winBack = {
      name: 'Win-back',
      trigger: { type: 'segment_entered', segmentId: 's-dormant' },
      goal: { type: 'order_placed', withinDays: 30 },
      holdoutPercent: 10,
      steps: [{ id: 'mail', type: 'send_email', templateId: 't-miss-you', topic: 'offers', from }],
    };
    expect(pathsOf(winBack)).toEqual([]);
  });

  it('names a next step that does not exist', () => {
    expect(pathsOf(withSteps([welcome.steps[0], { ...welcome.steps[1], next: 'nowhere' }, ...welcome.steps.slice(2)]))).toContain('steps.1.next');
  });

  it('names the branch side and the split path that lead nowhere', () => {
    const steps = [
      { id: 'a', type: 'branch', rule: { field: 'orders.count', op: 'gt', value: 0 }, yes: 'b', no: 'missing' },
      {
        id: 'b',
        type: 'split',
        paths: [
          { percent: 50, next: 'c' },
          { percent: 50, next: 'gone' },
        ],
      },
      { id: 'c', type: 'exit' },
    ];
    expect(pathsOf(withSteps(steps))).toEqual(['steps.0.no', 'steps.1.paths.1.next']);
  });

  it('refuses a loop back to an earlier step, naming where it closes', () => {
    const steps = [
      { id: 'mail', type: 'send_email', templateId: 't', topic: 'newsletter', from, next: 'pause' },
      { id: 'pause', type: 'wait', duration: { hours: 1 }, next: 'mail' },
    ];
    expect(pathsOf(withSteps(steps))).toEqual(['steps.1.next']);
  });

  it('refuses a step that leads to itself', () => {
    expect(pathsOf(withSteps([{ id: 'pause', type: 'wait', duration: { hours: 1 }, next: 'pause' }]))).toEqual(['steps.0.next']);
  });

  it('refuses a step nobody can reach from the first', () => {
    const steps = [
      { id: 'mail', type: 'send_email', templateId: 't', topic: 'newsletter', from },
      { id: 'orphan', type: 'exit' },
    ];
    expect(pathsOf(withSteps(steps))).toEqual(['steps.1']);
  });

  it('refuses repeated step ids', () => {
    expect(
      pathsOf(
        withSteps([
          { id: 'x', type: 'exit' },
          { id: 'x', type: 'exit' },
        ]),
      ),
    ).toContain('steps.1.id');
  });

  it('refuses an email branch about a mail that may not have been sent on the way', () => {
    const steps = [
      {
        id: 'fork',
        type: 'split',
        paths: [
          { percent: 50, next: 'mail' },
          { percent: 50, next: 'ask' },
        ],
      },
      { id: 'mail', type: 'send_email', templateId: 't', topic: 'newsletter', from, next: 'ask' },
      { id: 'ask', type: 'branch', email: { stepId: 'mail', event: 'opened', withinHours: 24 }, yes: 'end', no: 'end' },
      { id: 'end', type: 'exit' },
    ];
    expect(pathsOf(withSteps(steps))).toEqual(['steps.2.email.stepId']);
    const notASend = [
      { id: 'ask', type: 'branch', email: { stepId: 'ask', event: 'opened', withinHours: 24 }, yes: 'end', no: 'end' },
      { id: 'end', type: 'exit' },
    ];
    expect(pathsOf(withSteps(notASend))).toEqual(['steps.0.email.stepId']);
  });

  it(`refuses more than ${JOURNEY_LIMITS.steps} steps`, () => {
    const steps = Array.from({ length: JOURNEY_LIMITS.steps + 1 }, (_, index) => ({
      id: `s${index}`,
      type: 'wait',
      duration: { minutes: 5 },
      next: `s${index + 1}`,
    }));
    expect(pathsOf(withSteps(steps))).toEqual(['steps']);
  });

  it.each([
    ['a wait over 365 days', { id: 'w', type: 'wait', duration: { days: 366 }, next: 'end' }, 'steps.0.duration'],
    ['a wait with neither duration nor window', { id: 'w', type: 'wait', next: 'end' }, 'steps.0.duration'],
    [
      'a window ending before it starts',
      { id: 'w', type: 'wait', until: { weekdays: [2, 3, 4], fromHour: 11, toHour: 9 }, next: 'end' },
      'steps.0.until.toHour',
    ],
    ['a window on weekday 8', { id: 'w', type: 'wait', until: { weekdays: [8], fromHour: 9, toHour: 11 }, next: 'end' }, 'steps.0.until.weekdays.0'],
    [
      'an unknown time zone',
      { id: 'w', type: 'wait', until: { weekdays: [1], fromHour: 9, toHour: 11, timeZone: 'Mars/Olympus' }, next: 'end' },
      'steps.0.until.timeZone',
    ],
    ['a send step without a topic', { id: 'm', type: 'send_email', templateId: 't', from, next: 'end' }, 'steps.0.topic'],
    [
      'a send step with a header-injecting from',
      { id: 'm', type: 'send_email', templateId: 't', topic: 'n', from: 'a@b.de\r\nBcc: x@y.de', next: 'end' },
      'steps.0.from',
    ],
    [
      'a branch asking two questions',
      {
        id: 'b',
        type: 'branch',
        rule: { field: 'orders.count', op: 'gt', value: 0 },
        email: { stepId: 'b', event: 'opened', withinHours: 1 },
        yes: 'end',
        no: 'end',
      },
      'steps.0.rule',
    ],
    ['a bad branch rule', { id: 'b', type: 'branch', rule: { field: 'shoeSize', op: 'eq', value: 1 }, yes: 'end', no: 'end' }, 'steps.0.rule.field'],
    [
      'split paths not adding up to 100',
      {
        id: 's',
        type: 'split',
        paths: [
          { percent: 50, next: 'end' },
          { percent: 40, next: 'end' },
        ],
      },
      'steps.0.paths',
    ],
    ['an update that changes nothing', { id: 'u', type: 'update_contact', next: 'end' }, 'steps.0.addTags'],
    ['an unknown step type', { id: 'x', type: 'sms', next: 'end' }, 'steps.0.type'],
  ])('names the bad part of %s', (_, step, path) => {
    expect(pathsOf(withSteps([step, { id: 'end', type: 'exit' }]))).toContain(path);
  });

  it.each([
    ['a segment trigger without its segment', { trigger: { type: 'segment_entered' } }, 'trigger.segmentId'],
    ['an unknown trigger', { trigger: { type: 'birthday' } }, 'trigger.type'],
    ['a segment_exited goal without its segment', { goal: { type: 'segment_exited', withinDays: 30 } }, 'goal.segmentId'],
    ['a rule goal without its rule', { goal: { type: 'rule', withinDays: 30 } }, 'goal.rule'],
    ['a goal over 365 days', { goal: { type: 'order_placed', withinDays: 400 } }, 'goal.withinDays'],
    ['a holdout over 50 %', { holdoutPercent: 60 }, 'holdoutPercent'],
    ['re-entry after 0 days', { entry: { reentry: { afterDays: 0 } } }, 'entry.reentry.afterDays'],
    ['a bad entry rule', { entry: { rule: { all: [] } } }, 'entry.rule.all'],
    ['an empty name', { name: '' }, 'name'],
  ])('names the bad part of %s', (_, change, path) => {
    expect(pathsOf({ ...welcome, ...change })).toContain(path);
  });
});
