declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
    sesEndpoint: string;
    apiUrl: string;
    adminToken: string;
    tokenSecret: string;
    eventsUrl: string;
  }
}
export {};
