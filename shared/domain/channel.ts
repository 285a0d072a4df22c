/**
 * Contact channels (API.md, "Contact data"): how a person or a company may be contacted for marketing,
 * besides the e-mail topics' consents. Each change is kept as a proof entry like a consent's.
 */
export const CHANNELS = ['email', 'post', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];
export type ChannelStatus = 'allowed' | 'blocked';

/** A contact's or a company's current preference for one channel; its history lives in proof entries. */
export interface ChannelState {
  status: ChannelStatus;
  /** When the status last changed. */
  at: string;
  method: 'form' | 'import' | 'admin' | 'preferences';
  /** Where it happened: `form:<id>`, `import:<id>`, `api`. */
  source: string;
}

export type Channels = Partial<Record<Channel, ChannelState>>;
