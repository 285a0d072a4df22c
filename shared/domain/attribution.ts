/**
 * Campaign attribution: which campaign a touch belongs to, and how a contact's first and last
 * touch move when a new touch arrives (possibly out of order, e.g. a fair import after a web form).
 */

export interface CampaignRef {
  id: string;
  code: string;
  channel: string;
}

/** One recorded contact between a person and the company, reduced to what attribution needs. */
export interface Touch {
  at: string;
  campaignId?: string;
  campaignCode?: string;
  channel: string;
  source: string;
  medium?: string;
  formId?: string;
}

export interface TouchPair {
  firstTouch?: Touch;
  lastTouch?: Touch;
}

/**
 * A `utm_campaign` that names a known campaign code wins over the form's own campaign, so that one
 * form embedded on the website still credits the newsletter or ad that brought the visitor.
 */
export function chooseCampaign(utmCampaign: CampaignRef | undefined, formCampaign: CampaignRef | undefined): CampaignRef | undefined {
  return utmCampaign ?? formCampaign;
}

/**
 * The traffic source of a touch: the `utm_source` when given, else the referring host
 * (without `www.`), else `direct`.
 */
export function deriveSource(utmSource: string | undefined, referrer: string | undefined): string {
  const utm = utmSource?.trim().toLowerCase();
  if (utm) return utm;
  if (referrer) {
    try {
      return new URL(referrer).hostname.replace(/^www\./, '') || 'direct';
    } catch {
      // A referrer that is not a URL carries no usable source; it is treated as direct traffic.
      return 'direct';
    }
  }
  return 'direct';
}

/**
 * Places a new touch into a contact's first/last pair. The earliest touch stays first and the latest
 * stays last whatever order the touches arrive in; ties keep the existing touch.
 */
export function applyTouch(current: TouchPair, touch: Touch): Required<TouchPair> {
  const first = current.firstTouch && current.firstTouch.at <= touch.at ? current.firstTouch : touch;
  const last = current.lastTouch && current.lastTouch.at >= touch.at ? current.lastTouch : touch;
  return { firstTouch: first, lastTouch: last };
}
