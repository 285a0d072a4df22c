import { NotFoundError } from '#shared/domain/errors';
import { type CreateTopicInput, newTopic, patchTopic, type Topic, type UpdateTopicInput } from '#shared/domain/topic';
import type { Clock } from './ports';
import type { Page } from '#shared/domain/page';
import type { TopicCreator, TopicStore } from './catalog-ports';

type TopicPorts = { topics: TopicStore; clock: Clock };

/** Creates a subscription topic; its id is chosen by the marketer and must be new. */
export async function createTopic(ports: { topics: TopicCreator; clock: Clock }, input: CreateTopicInput): Promise<Topic> {
  const topic = newTopic(input, ports.clock.now());
  await ports.topics.create(topic);
  return topic;
}

export async function getTopic(ports: Pick<TopicPorts, 'topics'>, id: string): Promise<Topic> {
  const topic = await ports.topics.get(id);
  if (!topic) throw new NotFoundError('Topic', id);
  return topic;
}

/** Lists topics in use, or the archived ones. */
export function listTopics(ports: Pick<TopicPorts, 'topics'>, limit: number, cursor: string | undefined, archived: boolean): Promise<Page<Topic>> {
  return ports.topics.list(limit, cursor, { archived });
}

/**
 * Changes a topic. New consent wording gets a new `textVersion`: proofs given before keep pointing at
 * the wording the person saw, new requests carry the new one. 409 if it changed since it was read.
 */
export async function updateTopic(ports: TopicPorts, id: string, patch: UpdateTopicInput): Promise<Topic> {
  const current = await getTopic(ports, id);
  const next = patchTopic(current, patch, ports.clock.now());
  await ports.topics.update(current, next);
  return next;
}

/** Archives a topic: out of the list and refused by new forms and mailings; consents given to it stay. */
export async function archiveTopic(ports: TopicPorts, id: string): Promise<Topic> {
  const topic = await ports.topics.archive(id, ports.clock.now());
  if (!topic) throw new NotFoundError('Topic', id);
  return topic;
}
