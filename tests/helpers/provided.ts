declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
    sesEndpoint: string;
    apiUrl: string;
    adminToken: string;
    /** Every role's bearer token (the admin's is `adminToken`); see infra/local/role-tokens.ts for who each signs in as. */
    roleTokens: { admin: string; marketer: string; analyst: string; sales: string };
    tokenSecret: string;
    eventsUrl: string;
    /** The S3 stand-in (its uploads bucket is `uploadsBucket`). */
    s3Endpoint: string;
    uploadsBucket: string;
  }
}
export {};
