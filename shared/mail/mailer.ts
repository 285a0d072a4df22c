/** A mail ready to hand to the sending service. */
export interface OutgoingMail {
  to: string;
  from: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** Tags that come back on SES events (delivery, bounce, ...) to tie them to our records. */
  tags?: Record<string, string>;
}

/** The port use cases send mail through; SES in production and locally (against the stand-in). */
export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}
