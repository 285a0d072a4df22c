import { GetAccountCommand, SendEmailCommand, type SendEmailCommandInput, SESv2Client } from '@aws-sdk/client-sesv2';
import type { MailConfig } from '#shared/config';

export interface SesClientOptions {
  /**
   * SDK attempts per call. Mailings use 1: a retried SendEmail after a time-out could send twice,
   * so the sender decides about retries itself from the translated error.
   */
  maxAttempts?: number;
  requestTimeoutMs?: number;
}

/**
 * The SES v2 calls the product makes. Imported lazily by {@link SesMailer} (named imports here keep
 * the bundle tree-shaken; a dynamic import of the package itself would keep every SES command).
 */
export function createSesSender(config: Pick<MailConfig, 'AWS_REGION' | 'SES_ENDPOINT'>, options: SesClientOptions = {}) {
  const client = new SESv2Client({
    region: config.AWS_REGION,
    ...(config.SES_ENDPOINT ? { endpoint: config.SES_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: options.maxAttempts ?? 4,
    ...(options.requestTimeoutMs
      ? { requestHandler: { requestTimeout: options.requestTimeoutMs, connectionTimeout: Math.min(options.requestTimeoutMs, 3000) } }
      : {}),
  });
  return {
    sendEmail: async (input: SendEmailCommandInput) => (await client.send(new SendEmailCommand(input))).MessageId ?? '',
    /** The account's sending quota: `MaxSendRate` is recipients per second. */
    maxSendRate: async () => (await client.send(new GetAccountCommand({}))).SendQuota?.MaxSendRate,
    /** The account's quota of recipients per 24 hours (`Max24HourSend`). */
    max24HourSend: async () => (await client.send(new GetAccountCommand({}))).SendQuota?.Max24HourSend,
  };
}
export type SesSender = ReturnType<typeof createSesSender>;
