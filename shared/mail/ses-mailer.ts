import type { MailConfig } from '#shared/config';
import { translateSesError } from './errors';
import type { Mailer, OutgoingMail } from './mailer';
import type { SesClientOptions, SesSender } from './ses-client';

/** SES tag values allow only ASCII letters, digits, `_`, `-`, `.`, `@`. */
function tagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);
}

/**
 * Sends through SES v2 `SendEmail` (simple content with custom headers) and the configuration set.
 * The SES client is loaded on first use: most capture requests send no mail, and the SES module is a
 * large share of a cold start. SDK failures become the named errors of `./errors`.
 */
export class SesMailer implements Mailer {
  private sender: Promise<SesSender> | undefined;

  constructor(
    private readonly config: Pick<MailConfig, 'AWS_REGION' | 'SES_ENDPOINT'>,
    private readonly configurationSet: string | undefined,
    private readonly clientOptions: SesClientOptions = {},
  ) {}

  private client(): Promise<SesSender> {
    this.sender ??= import('./ses-client').then((module) => module.createSesSender(this.config, this.clientOptions));
    return this.sender;
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const sender = await this.client();
    try {
      const messageId = await sender.sendEmail({
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
      });
      return { messageId };
    } catch (error) {
      throw translateSesError(error);
    }
  }

  /** The account's `MaxSendRate` (recipients per second), which mailings pace themselves by. */
  async maxSendRate(): Promise<number> {
    const rate = await (await this.client()).maxSendRate();
    if (rate === undefined || !(rate > 0)) throw new Error('SES GetAccount returned no MaxSendRate');
    return rate;
  }

  /** The account's recipients per 24 hours, if SES says (a journey's forecast sets its busiest day against it). */
  async maxPerDay(): Promise<number | undefined> {
    const quota = await (await this.client()).max24HourSend();
    return quota !== undefined && quota > 0 ? Math.floor(quota) : undefined;
  }
}
