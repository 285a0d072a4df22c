import { describe, expect, it } from 'vitest';
import { createJourneySchema } from '#shared/domain/journey';
import { editJourney, hasDraft, JourneyStateError, newJourney, transitionJourney } from '#shared/domain/journey-lifecycle';

const NOW = new Date('2026-12-01T10:00:00Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const input = createJourneySchema.parse({
  name: 'Win-back',
  trigger: { type: 'segment_entered', segmentId: 's-dormant' },
  goal: { type: 'order_placed', withinDays: 30 },
  holdoutPercent: 10,
  steps: [{ id: 'mail', type: 'send_email', templateId: 't-1', topic: 'offers', from: 'news@example.de' }],
});

describe('a journey through its lifecycle', () => {
  const draft = newJourney(input, 'j-1', NOW);
  const published = transitionJourney(draft, 'publish', later(1));

  it('starts as a draft of version 1 that nobody enters', () => {
    expect(draft).toMatchObject({ status: 'draft', version: 1 });
    expect(draft.publishedVersion).toBeUndefined();
    expect(hasDraft(draft)).toBe(true);
  });

  it('changes a draft in place, without a new version', () => {
    const edited = editJourney(draft, { holdoutPercent: 20 }, later(1));
    expect(edited).toMatchObject({ version: 1, definition: { holdoutPercent: 20 } });
  });

  it('publishes version 1, and refuses to publish it twice', () => {
    expect(published).toMatchObject({ status: 'published', version: 1, publishedVersion: 1, publishedAt: later(1).toISOString() });
    expect(() => transitionJourney(published, 'publish', later(2))).toThrow(JourneyStateError);
  });

  it('turns an edit of a published journey into version 2 as a draft, the published one staying 1', () => {
    const edited = editJourney(published, { goal: null }, later(2));
    expect(edited).toMatchObject({ status: 'published', version: 2, publishedVersion: 1 });
    expect(edited.definition.goal).toBeUndefined();
    const again = editJourney(edited, { holdoutPercent: 5 }, later(3));
    expect(again.version).toBe(2);
    expect(transitionJourney(again, 'publish', later(4))).toMatchObject({ version: 2, publishedVersion: 2 });
  });

  it('renames without a new version', () => {
    expect(editJourney(published, { name: 'Win-back 2027' }, later(2))).toMatchObject({ name: 'Win-back 2027', version: 1, publishedVersion: 1 });
  });

  it('pauses and resumes only a published journey', () => {
    const paused = transitionJourney(published, 'pause', later(2));
    expect(paused.status).toBe('paused');
    expect(() => transitionJourney(paused, 'pause', later(3))).toThrow(JourneyStateError);
    expect(() => transitionJourney(draft, 'pause', later(3))).toThrow(JourneyStateError);
    const resumed = transitionJourney(paused, 'resume', later(3));
    expect(resumed.status).toBe('published');
    expect(resumed.pausedAt).toBeUndefined();
  });

  it('archives once, and an archived journey neither publishes nor changes', () => {
    const archived = transitionJourney(published, 'archive', later(2));
    expect(archived).toMatchObject({ status: 'archived', archivedAt: later(2).toISOString() });
    expect(transitionJourney(archived, 'archive', later(3))).toBe(archived);
    expect(() => transitionJourney(archived, 'publish', later(3))).toThrow(JourneyStateError);
    expect(() => editJourney(archived, { name: 'x' }, later(3))).toThrow(JourneyStateError);
  });
});
