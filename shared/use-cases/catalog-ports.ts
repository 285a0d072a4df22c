import type { Campaign } from '#shared/domain/campaign';
import type { Form } from '#shared/domain/form';
import type { Page } from '#shared/domain/page';
import type { Template } from '#shared/domain/template';
import type { Topic } from '#shared/domain/topic';

/**
 * The ports of the use cases about the catalog (campaigns, forms, topics, templates) and of those
 * that look entries up in it. Updates are conditioned on the entry as read (ConcurrentWriteError);
 * archive answers undefined for an unknown id.
 */

export interface CampaignReader {
  get(id: string): Promise<Campaign | undefined>;
}

export interface CampaignList {
  list(limit: number, cursor?: string): Promise<Page<Campaign>>;
}

export interface CampaignStore extends CampaignReader {
  /** Throws AlreadyExistsError when the id or the code is taken. */
  create(campaign: Campaign): Promise<void>;
  update(previous: Campaign, next: Campaign): Promise<void>;
}

export interface FormStore {
  create(form: Form): Promise<void>;
  get(id: string): Promise<Form | undefined>;
  update(previous: Form, next: Form): Promise<void>;
  archive(id: string, now: Date): Promise<Form | undefined>;
  list(limit: number, cursor?: string, options?: { archived?: boolean }): Promise<Page<Form>>;
}

export interface TopicReader {
  get(id: string): Promise<Topic | undefined>;
}

/** The topics with these ids that exist, in no particular order. */
export interface TopicsById {
  getMany(ids: readonly string[]): Promise<Topic[]>;
}

export interface TopicCreator {
  create(topic: Topic): Promise<void>;
}

export interface TopicStore extends TopicReader, TopicCreator {
  update(previous: Topic, next: Topic): Promise<void>;
  archive(id: string, now: Date): Promise<Topic | undefined>;
  list(limit: number, cursor?: string, options?: { archived?: boolean }): Promise<Page<Topic>>;
}

/** The topics a preferences page offers: those named, and every topic in use. */
export interface OfferedTopics extends TopicsById {
  list(limit: number, cursor?: string, options?: { archived?: boolean }): Promise<Page<Topic>>;
}

export interface TemplateReader {
  get(id: string): Promise<Template | undefined>;
}

export interface TemplateStore extends TemplateReader {
  create(template: Template): Promise<void>;
  update(previous: Template, next: Template): Promise<void>;
  archive(id: string, now: Date): Promise<Template | undefined>;
  list(limit: number, cursor?: string, options?: { archived?: boolean }): Promise<Page<Template>>;
}
