import { SendEmailCommand, type SendEmailCommandInput, SESv2Client } from '@aws-sdk/client-sesv2';
import type { MailConfig } from '#shared/config';

/**
 * The SES v2 calls the product makes. Imported lazily by {@link SesMailer} (named imports here keep
 * the bundle tree-shaken; a dynamic import of the package itself would keep every SES command).
 */
export function createSesSender(config: Pick<MailConfig, 'AWS_REGION' | 'SES_ENDPOINT'>) {
  const client = new SESv2Client({
    region: config.AWS_REGION,
    ...(config.SES_ENDPOINT
      ? { endpoint: config.SES_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 4,
  });
  return {
    sendEmail: async (input: SendEmailCommandInput) => (await client.send(new SendEmailCommand(input))).MessageId ?? '',
  };
}
export type SesSender = ReturnType<typeof createSesSender>;
