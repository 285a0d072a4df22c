import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { logger } from '#shared/logger';
import { observedHandler } from '#shared/observed-handler';
import { cognitoMfaSettings } from '#shared/users/cognito-mfa-settings';
import { AdminMfaRequiredError, requireAdminMfa } from '#shared/use-cases/require-admin-mfa';
import * as z from '#shared/zod';

const tokenRequest = z.object({
  userPoolId: z.string().min(1),
  userName: z.string().min(1),
  request: z.object({ groupConfiguration: z.object({ groupsToOverride: z.array(z.string()).optional() }) }),
});

const ports = { mfa: cognitoMfaSettings({ region: process.env.AWS_REGION ?? 'eu-central-1' }) };

/**
 * Cognito's pre-token-generation trigger: the tokens are issued unchanged, unless the user is an
 * admin without a verified authenticator app; then the throw refuses them and Cognito shows its message.
 */
export const handler = observedHandler(async (event: PreTokenGenerationTriggerEvent): Promise<PreTokenGenerationTriggerEvent> => {
  const parsed = tokenRequest.parse(event);
  try {
    await requireAdminMfa(ports, {
      userPoolId: parsed.userPoolId,
      username: parsed.userName,
      groups: parsed.request.groupConfiguration.groupsToOverride ?? [],
    });
  } catch (error) {
    if (error instanceof AdminMfaRequiredError) logger.warn('admin sign-in refused: no verified TOTP', { triggerSource: event.triggerSource });
    throw error;
  }
  return event;
});
