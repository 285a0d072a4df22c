import { ConflictError } from '#shared/domain/errors';
import type { Journey, JourneyDefinition } from '#shared/domain/journey-lifecycle';
import type { Page } from '#shared/domain/page';
import { journeyReferences } from './journey-references';

/** The reads of journeys that finding a template's or segment's live users needs. */
export interface JourneyUsesPorts {
  journeys: {
    list(limit: number, cursor?: string, options?: { archived?: boolean }): Promise<Page<Journey>>;
    getVersion(id: string, version: number): Promise<{ definition: JourneyDefinition } | undefined>;
  };
}

/**
 * The journeys that would still send with this template or enter people by this segment: published or
 * paused ones (a paused journey resumes with its version) whose live version names it. Drafts are checked
 * again when they are saved or published.
 */
export async function liveJourneysUsing(ports: JourneyUsesPorts, entity: 'template' | 'segment', id: string): Promise<Journey[]> {
  const using: Journey[] = [];
  let cursor: string | undefined;
  do {
    const page = await ports.journeys.list(100, cursor);
    for (const journey of page.items) {
      if ((journey.status !== 'published' && journey.status !== 'paused') || journey.publishedVersion === undefined) continue;
      const version = await ports.journeys.getVersion(journey.id, journey.publishedVersion);
      if (version && journeyReferences(version.definition).some((reference) => reference.entity === entity && reference.id === id)) using.push(journey);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return using;
}

/** Refuses (409) to archive a template or segment that a live journey still uses, naming the journeys. */
export async function refuseWhileJourneysUse(ports: JourneyUsesPorts, entity: 'template' | 'segment', id: string): Promise<void> {
  const using = await liveJourneysUsing(ports, entity, id);
  if (using.length > 0) {
    const names = using.map((journey) => `"${journey.name}" (${journey.id})`).join(', ');
    throw new ConflictError(
      `The ${entity} ${id} is used by the live journey${using.length > 1 ? 's' : ''} ${names}: pause and archive them, or change them to another ${entity}, first`,
    );
  }
}
