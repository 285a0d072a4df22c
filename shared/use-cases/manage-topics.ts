import { type CreateTopicInput, newTopic, type Topic } from '#shared/domain/topic';
import type { TopicRepository } from '#shared/store/topic-repository';
import type { Clock } from './ports';

/** Creates a subscription topic; its id is chosen by the marketer and must be new. */
export async function createTopic(ports: { topics: Pick<TopicRepository, 'create'>; clock: Clock }, input: CreateTopicInput): Promise<Topic> {
  const topic = newTopic(input, ports.clock.now());
  await ports.topics.create(topic);
  return topic;
}
