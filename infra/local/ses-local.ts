import type { Server } from 'node:http';
import * as sesLocalModule from 'aws-ses-v2-local';

type StartSes = (config: { host: string; port: number }) => Promise<Server>;
// The package is CommonJS with a default export; under ESM interop it may arrive one level deeper.
const sesLocal = (sesLocalModule as { default?: unknown }).default as { default?: StartSes } | StartSes;
const startSes: StartSes = typeof sesLocal === 'function' ? sesLocal : (sesLocal.default as StartSes);

export interface RunningSes {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts the SES v2 stand-in (`aws-ses-v2-local`): it accepts SendEmail like SES and shows what was
 * sent in its mail viewer at `/` and as JSON at `GET /store`.
 */
export async function startSesLocal(options: { port: number; host?: string }): Promise<RunningSes> {
  // GetAccount answers from this variable; it gives the local quota the sender paces itself by.
  process.env.AWS_SES_ACCOUNT ??= JSON.stringify({
    DedicatedIpAutoWarmupEnabled: false,
    Details: {
      AdditionalContactEmailAddresses: [],
      ContactLanguage: 'EN',
      MailType: 'MARKETING',
      ReviewDetails: { CaseId: 'local', Status: 'GRANTED' },
      UseCaseDescription: 'local',
      WebsiteURL: 'http://127.0.0.1',
    },
    EnforcementStatus: 'HEALTHY',
    ProductionAccessEnabled: true,
    SendingEnabled: true,
    SendQuota: { Max24HourSend: 1_000_000, MaxSendRate: 200, SentLast24Hours: 0 },
    SuppressionAttributes: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
  });
  const server: Server = await startSes({ host: options.host ?? '127.0.0.1', port: options.port });
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
