import { describe, expect, it } from 'vitest';
import { createJourneySchema } from '#shared/domain/journey';
import type { JourneyDefinition } from '#shared/domain/journey-lifecycle';
import { arrive, decide, enter, finish, mayReenter, type Participant } from '#shared/domain/journey-participant';

const from = 'news@example.de';
const { name: _name, ...welcome } = createJourneySchema.parse({
  name: 'Welcome series',
  trigger: { type: 'consent_granted', topic: 'newsletter' },
  goal: { type: 'order_placed', withinDays: 30 },
  steps: [
    { id: 'welcome', type: 'send_email', templateId: 't-welcome', topic: 'newsletter', from, next: 'pause' },
    { id: 'pause', type: 'wait', duration: { days: 2 }, next: 'clicked' },
    { id: 'clicked', type: 'branch', email: { stepId: 'welcome', event: 'clicked', withinHours: 72 }, yes: 'done', no: 'tips' },
    { id: 'tips', type: 'send_email', templateId: 't-tips', topic: 'newsletter', from },
    { id: 'done', type: 'exit' },
  ],
});
const definition: JourneyDefinition = welcome;
const NOW = new Date('2026-12-01T10:00:00Z');
const hours = (n: number) => new Date(NOW.getTime() + n * 3_600_000);

function entered(contactId = 'c-1'): Participant {
  return enter({ journeyId: 'j-1', contactId, version: 1, definition, holdoutPercent: 0, entries: 1 }, NOW).next;
}

describe('a participant moving through the welcome series', () => {
  it('enters at the first step, due now, counted as entered, active and there', () => {
    const move = enter({ journeyId: 'j-1', contactId: 'c-1', version: 1, definition, holdoutPercent: 0, entries: 1 }, NOW);
    expect(move.next).toMatchObject({
      status: 'active',
      stepId: 'welcome',
      attempt: 0,
      dueAt: NOW.toISOString(),
      goalUntil: hours(30 * 24).toISOString(),
      holdout: false,
    });
    expect(move.stats).toEqual({ entered: 1, active: 1, 'step.welcome.reached': 1, 'step.welcome.here': 1 });
  });

  it('waits two days after the welcome mail, then moves on', () => {
    const sent = { ...entered(), sends: { welcome: { at: NOW.toISOString(), outcome: 'sent' as const, messageId: 'm-1' } } };
    const waiting = arrive(sent, definition, 'pause', NOW);
    expect(waiting.next).toMatchObject({ stepId: 'pause', attempt: 1, dueAt: hours(48).toISOString(), waitingFor: 'wait' });
    expect(waiting.stats).toEqual({ 'step.welcome.here': -1, 'step.pause.reached': 1, 'step.pause.here': 1 });
    expect(decide(waiting.next, definition, { now: hours(48) }).next).toMatchObject({ stepId: 'clicked', attempt: 2 });
  });

  it('sends the tips only to who did not click: a click within the window ends the journey', () => {
    const atBranch = { ...entered(), stepId: 'clicked', attempt: 2, sends: { welcome: { at: NOW.toISOString(), outcome: 'sent' as const } } };
    const clicked = decide({ ...atBranch, engagement: { welcome: { clicked: hours(5).toISOString() } } }, definition, { now: hours(48) });
    expect(clicked.next).toMatchObject({ status: 'completed', stepId: 'done' });
    expect(clicked.stats).toMatchObject({ 'step.clicked.yes': 1, completed: 1, active: -1 });
  });

  it('keeps a participant who has not clicked at the branch until its window ends, then takes no', () => {
    const atBranch = { ...entered(), stepId: 'clicked', attempt: 2, sends: { welcome: { at: NOW.toISOString(), outcome: 'sent' as const } } };
    const stays = decide(atBranch, definition, { now: hours(48) });
    expect(stays.next).toMatchObject({ stepId: 'clicked', attempt: 3, dueAt: hours(72).toISOString(), waitingFor: 'email' });
    expect(stays.stats).toEqual({});
    expect(decide(stays.next, definition, { now: hours(72) }).next).toMatchObject({ stepId: 'tips' });
  });

  it('takes no at once when the welcome mail was not sent (no consent), without waiting', () => {
    const skipped = { ...entered(), stepId: 'clicked', attempt: 2, sends: { welcome: { at: NOW.toISOString(), outcome: 'skipped_no_consent' as const } } };
    expect(decide(skipped, definition, { now: hours(48) }).next.stepId).toBe('tips');
  });

  it('completes at the end of a path, and counts a goal as a conversion, apart for the holdout', () => {
    const last = { ...entered(), stepId: 'tips', attempt: 4 };
    expect(arrive(last, definition, undefined, hours(80)).next).toMatchObject({ status: 'completed', finishedAt: hours(80).toISOString() });
    const goal = finish(last, 'exited', hours(80), {}, 'goal');
    expect(goal.next).toMatchObject({ status: 'exited', exitReason: 'goal', converted: true });
    expect(goal.next.dueAt).toBeUndefined();
    expect(goal.stats).toEqual({ active: -1, exited: 1, 'exited.goal': 1, converted: 1, 'step.tips.here': -1 });
    expect(finish({ ...last, holdout: true }, 'exited', hours(80), {}, 'goal').stats).toMatchObject({ 'holdout.converted': 1 });
  });

  it('splits and branches on rules, counting the side taken', () => {
    const { name: _n, ...split } = createJourneySchema.parse({
      name: 'AB',
      trigger: { type: 'order_placed' },
      steps: [
        {
          id: 'ab',
          type: 'split',
          paths: [
            { percent: 50, next: 'rich' },
            { percent: 50, next: 'end' },
          ],
        },
        { id: 'rich', type: 'branch', rule: { field: 'orders.count', op: 'gt', value: 3 }, yes: 'end', no: 'end' },
        { id: 'end', type: 'exit' },
      ],
    });
    const sides = Array.from({ length: 400 }, (_, index) =>
      decide(enter({ journeyId: 'j-2', contactId: `c-${index}`, version: 1, definition: split, holdoutPercent: 0, entries: 1 }, NOW).next, split, { now: NOW }),
    );
    const toRich = sides.filter((move) => move.next.stepId === 'rich').length;
    expect(toRich).toBeGreaterThan(150);
    expect(toRich).toBeLessThan(250);
    expect(sides.find((move) => move.next.stepId === 'rich')?.stats).toMatchObject({ 'step.ab.paths.0': 1 });
    const atRich = sides.find((move) => move.next.stepId === 'rich')?.next as Participant;
    expect(decide(atRich, split, { now: NOW, ruleMet: () => true }).stats).toMatchObject({ 'step.rich.yes': 1, completed: 1 });
  });

  it('lets a finished participant enter again only after the re-entry days', () => {
    const done = { status: 'completed' as const, enteredAt: NOW.toISOString() };
    expect(mayReenter(done, 'never', hours(10_000))).toBe(false);
    expect(mayReenter(done, { afterDays: 30 }, hours(29 * 24))).toBe(false);
    expect(mayReenter(done, { afterDays: 30 }, hours(30 * 24))).toBe(true);
    expect(mayReenter({ ...done, status: 'active' }, { afterDays: 1 }, hours(1000))).toBe(false);
  });
});
