import * as z from '#shared/zod';

/** S3's object-created notification (sent to the import queue), reduced to what the runner reads. */
const objectCreated = z.object({
  Records: z
    .array(
      z.object({ eventName: z.string(), s3: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string().min(1).max(1024) }) }) }),
    )
    .min(1),
});

/** A run handing on to the next: the import to continue. */
const continuation = z.object({ importId: z.string().min(1).max(100) });

/** S3's test message when the notification is configured: nothing to import. */
const testEvent = z.object({ Event: z.literal('s3:TestEvent') });

/** A message on the import queue: an upload arrived, a run handed on, or S3's test message. */
export const importRunMessage = z.union([objectCreated, continuation, testEvent]);

export type ImportRunMessage = z.output<typeof importRunMessage>;
