declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
    sesEndpoint: string;
    apiUrl: string;
    adminToken: string;
    tokenSecret: string;
    eventsUrl: string;
    /** The S3 stand-in (its uploads bucket is `uploadsBucket`). */
    s3Endpoint: string;
    uploadsBucket: string;
  }
}
export {};
