import * as z from '#shared/zod';
import { pageQuery } from './common-schemas';
import { ConflictError } from './errors';
import { PARTICIPANT_STATUSES } from './journey-participant';
import type { CreateJourneyInput, UpdateJourneyInput } from './journey';

export const JOURNEY_STATUSES = ['draft', 'published', 'paused', 'archived'] as const;
export type JourneyStatus = (typeof JOURNEY_STATUSES)[number];

/** What a version fixes: everything but the name, which may change without a new version. */
export type JourneyDefinition = Omit<CreateJourneyInput, 'name'>;

/**
 * A journey: its lifecycle status, the version new participants enter (`publishedVersion`) and the one being
 * edited (`version`, a draft when it is newer than the published one). Published versions are immutable:
 * people inside stay on the version they entered.
 */
export interface Journey {
  id: string;
  name: string;
  status: JourneyStatus;
  /** The newest version: the draft being edited, or the published one when there is no draft. */
  version: number;
  publishedVersion?: number;
  definition: JourneyDefinition;
  createdAt: string;
  updatedAt: string;
  publishedAt?: string;
  pausedAt?: string;
  archivedAt?: string;
}

/** `GET /v1/journeys/{id}/participants`: a page of one status, the active ones unless said. */
export const participantListQuery = pageQuery.extend({ status: z.enum(PARTICIPANT_STATUSES).default('active') });

export class JourneyStateError extends ConflictError {}

function definitionOf(input: CreateJourneyInput): JourneyDefinition {
  const { name: _name, ...definition } = input;
  return definition;
}

export function newJourney(input: CreateJourneyInput, id: string, now: Date): Journey {
  const at = now.toISOString();
  return { id, name: input.name, status: 'draft', version: 1, definition: definitionOf(input), createdAt: at, updatedAt: at };
}

/** True when the newest version has not been published yet (a new journey, or an edit of a published one). */
export function hasDraft(journey: Pick<Journey, 'version' | 'publishedVersion'>): boolean {
  return journey.publishedVersion !== journey.version;
}

/**
 * Applies an edit. A draft changes in place; a published or paused journey gains the next version as a
 * draft (its participants and new entrants stay on the published one until that draft is published).
 * A name-only change never makes a version.
 */
export function editJourney(journey: Journey, patch: UpdateJourneyInput, now: Date): Journey {
  if (journey.status === 'archived') throw new JourneyStateError(`Journey ${journey.id} is archived`);
  const { name, ...definitionPatch } = patch;
  const changesDefinition = Object.keys(definitionPatch).length > 0;
  const version = changesDefinition && !hasDraft(journey) ? journey.version + 1 : journey.version;
  return {
    ...journey,
    ...(name !== undefined ? { name } : {}),
    version,
    definition: withPatch(journey.definition, definitionPatch),
    updatedAt: now.toISOString(),
  };
}

/** The definition with the patch's parts; `goal: null` removes the goal. */
function withPatch(definition: JourneyDefinition, patch: Omit<UpdateJourneyInput, 'name'>): JourneyDefinition {
  const { goal, ...rest } = patch;
  const next: JourneyDefinition = { ...definition, ...rest };
  if (goal === null) delete next.goal;
  else if (goal !== undefined) next.goal = goal;
  return next;
}

export type JourneyTransition = 'publish' | 'pause' | 'resume' | 'archive';

/** The lifecycle: publish a draft (or a newer version), pause and resume a published journey, archive any. */
export function transitionJourney(journey: Journey, transition: JourneyTransition, now: Date): Journey {
  const at = now.toISOString();
  const refuse = (why: string) => new JourneyStateError(`Journey ${journey.id} cannot ${transition}: ${why}`);
  switch (transition) {
    case 'publish': {
      if (journey.status === 'archived') throw refuse('it is archived');
      if (!hasDraft(journey)) throw refuse(`version ${journey.version} is already published`);
      const { pausedAt: _pausedAt, ...rest } = journey;
      return { ...rest, status: 'published', publishedVersion: journey.version, publishedAt: at, updatedAt: at };
    }
    case 'pause':
      if (journey.status !== 'published') throw refuse(`it is ${journey.status}`);
      return { ...journey, status: 'paused', pausedAt: at, updatedAt: at };
    case 'resume': {
      if (journey.status !== 'paused') throw refuse(`it is ${journey.status}`);
      const { pausedAt: _pausedAt, ...rest } = journey;
      return { ...rest, status: 'published', updatedAt: at };
    }
    case 'archive':
      if (journey.status === 'archived') return journey;
      return { ...journey, status: 'archived', archivedAt: at, updatedAt: at };
  }
}
