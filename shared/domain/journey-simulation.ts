import type { JourneyTrigger } from './journey';
import type { JourneyDefinition } from './journey-lifecycle';
import { inHoldout, splitPath } from './journey-split';
import { waitOver } from './journey-timing';
import { compileRule, type SegmentFacts } from './segment-rule';

const DAY_MS = 86_400_000;

/**
 * Whether a contact counts as entering in a forecast over today's contacts: members of the trigger's
 * segment, holders of the trigger's consent, customers for an order trigger, and for a lead trigger those
 * whose latest touch in the last `days` came through the form or campaign named.
 */
export function inTriggerAudience(trigger: JourneyTrigger, facts: SegmentFacts, now: Date, days: number): boolean {
  switch (trigger.type) {
    case 'segment_entered':
      return facts.segments?.[trigger.segmentId] !== undefined;
    case 'consent_granted':
      return facts.consents?.[trigger.topic]?.status === 'granted';
    case 'order_placed':
      return (facts.orders?.count ?? 0) > 0;
    case 'lead_captured': {
      const touch = facts.lastTouch;
      if (!touch || now.getTime() - Date.parse(touch.at) > days * DAY_MS) return false;
      return (trigger.formId === undefined || touch.formId === trigger.formId) && (trigger.campaignId === undefined || touch.campaignId === trigger.campaignId);
    }
  }
}

/** One forecast participant's way: the steps reached and the days (from now) its mails would go out. */
export interface SimulatedWay {
  reached: string[];
  mailDays: number[];
}

/**
 * Walks a contact through the definition as it stands today, sending nothing: branch rules read today's
 * facts, an email branch takes "no" (what people will open is not known yet), a split its stable draw, a
 * wait its duration and window (in the product's home zone); the holdout reaches the steps but is mailed
 * nothing, and so is anyone without granted consent for a send step's topic. Mails beyond `days` are left
 * out of the forecast.
 */
export function simulateWay(definition: JourneyDefinition, journeyId: string, facts: SegmentFacts, now: Date, days: number): SimulatedWay {
  const way: SimulatedWay = { reached: [], mailDays: [] };
  const holdout = inHoldout(facts.id, journeyId, definition.holdoutPercent);
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  let at = now;
  let step = definition.steps[0];
  // The graph has no loops (checked on the way in); the bound only guards against a definition that does.
  for (let moves = 0; step && moves <= definition.steps.length; moves += 1) {
    way.reached.push(step.id);
    let next: string | undefined;
    switch (step.type) {
      case 'send_email':
        if (!holdout && facts.consents?.[step.topic]?.status === 'granted') {
          const day = Math.floor((at.getTime() - now.getTime()) / DAY_MS);
          if (day < days) way.mailDays.push(day);
        }
        next = step.next;
        break;
      case 'wait':
        at = waitOver(step, at);
        next = step.next;
        break;
      case 'branch':
        next = step.rule && compileRule(step.rule, now)(facts) ? step.yes : step.no;
        break;
      case 'split':
        next = splitPath(step.paths, facts.id, `${journeyId}:${step.id}`).next;
        break;
      case 'update_contact':
        next = step.next;
        break;
      case 'exit':
        next = undefined;
        break;
    }
    step = next === undefined ? undefined : byId.get(next);
  }
  return way;
}
