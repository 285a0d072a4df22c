import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { MailConfig } from '#shared/config';
import type { Mailer, OutgoingMail } from './mailer';

/** SES tag values allow only ASCII letters, digits, `_`, `-`, `.`, `@`. */
function tagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);
}

export function createSesClient(config: Pick<MailConfig, 'AWS_REGION' | 'SES_ENDPOINT'>): SESv2Client {
  return new SESv2Client({
    region: config.AWS_REGION,
    ...(config.SES_ENDPOINT
      ? { endpoint: config.SES_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 4,
  });
}

/** Sends through SES v2 `SendEmail` (simple content with custom headers) and the configuration set. */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly configurationSet: string | undefined,
  ) {}

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const result = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: mail.from,
        Destination: { ToAddresses: [mail.to] },
        ...(mail.replyTo ? { ReplyToAddresses: [mail.replyTo] } : {}),
        ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: 'UTF-8' },
            Body: { Html: { Data: mail.html, Charset: 'UTF-8' }, Text: { Data: mail.text, Charset: 'UTF-8' } },
            ...(mail.headers ? { Headers: Object.entries(mail.headers).map(([Name, Value]) => ({ Name, Value })) } : {}),
          },
        },
        ...(mail.tags ? { EmailTags: Object.entries(mail.tags).map(([Name, Value]) => ({ Name, Value: tagValue(Value) })) } : {}),
      }),
    );
    return { messageId: result.MessageId ?? '' };
  }
}
