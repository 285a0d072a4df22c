import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_VIEWER_REQUEST_SOURCE } from '#infra/constructs/console-hosting';
import { LeadflowStack, type LeadflowStackProps } from '#infra/stack';
import { cloudFormationText } from '#tests/helpers/cloudformation-text';
import { aConsoleBuild } from '#tests/helpers/console-build';

const rootDir = path.resolve(import.meta.dirname, '..', '..');
const build = aConsoleBuild();
afterAll(() => rmSync(build, { recursive: true, force: true }));

function newStack(options: Partial<LeadflowStackProps> = {}) {
  // Skip esbuild bundling: these tests check the template, not the code.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new LeadflowStack(app, 'Main', {
    env: { account: '111111111111', region: 'eu-central-1' },
    rootDir,
    senderEmail: 'news@example.de',
    users: [],
    consoleAssetDir: build,
    ...options,
  });
  return { app, stack };
}

function synth(options: Partial<LeadflowStackProps> = {}) {
  const { app, stack } = newStack(options);
  const template = Template.fromStack(stack);
  return { template, assemblyDir: app.synth().directory };
}

type Resource = { Properties: Record<string, unknown>; DependsOn?: string[] };
type Behavior = {
  PathPattern?: string;
  TargetOriginId: string;
  CachePolicyId: unknown;
  ResponseHeadersPolicyId?: unknown;
  FunctionAssociations?: unknown;
  AllowedMethods: string[];
  OriginRequestPolicyId?: unknown;
};
type Origin = { Id: string; DomainName: unknown; OriginAccessControlId?: unknown; S3OriginConfig?: { OriginAccessIdentity: string } };
type DistributionConfig = { DefaultCacheBehavior: Behavior; CacheBehaviors: Behavior[]; Origins: Origin[]; CustomErrorResponses?: unknown };

function only(template: Template, type: string, props?: Record<string, unknown>): [string, Resource] {
  const found = Object.entries(template.findResources(type, props ? { Properties: props } : undefined) as Record<string, Resource>);
  expect(found, type).toHaveLength(1);
  return found[0] as [string, Resource];
}

/** The console's bucket or its policy: the one resource of `type` that is not the uploads bucket's (tests/infra/uploads.test.ts) or the access logs'. */
function onlyOfConsole(template: Template, type: string): [string, Resource] {
  const found = Object.entries(template.findResources(type) as Record<string, Resource>).filter(
    ([id]) => !id.startsWith('StatefulUploads') && !id.startsWith('StatefulAccessLogs'),
  );
  expect(found, type).toHaveLength(1);
  return found[0] as [string, Resource];
}

function distributionOf(template: Template): { id: string; config: DistributionConfig } {
  const [id, distribution] = only(template, 'AWS::CloudFront::Distribution');
  return { id, config: distribution.Properties.DistributionConfig as DistributionConfig };
}

function behaviorFor(config: DistributionConfig, pathPattern: string): Behavior {
  const behavior = config.CacheBehaviors.find((candidate) => candidate.PathPattern === pathPattern);
  if (!behavior) throw new Error(`no behavior ${pathPattern}`);
  return behavior;
}

function originOf(config: DistributionConfig, behavior: Behavior): Origin {
  const origin = config.Origins.find((candidate) => candidate.Id === behavior.TargetOriginId);
  if (!origin) throw new Error(`no origin ${behavior.TargetOriginId}`);
  return origin;
}

function cachePolicy(template: Template, reference: unknown): { DefaultTTL: number; MinTTL: number; MaxTTL: number } {
  const id = (reference as { Ref: string }).Ref;
  const policy = template.findResources('AWS::CloudFront::CachePolicy')[id] as Resource;
  return policy.Properties.CachePolicyConfig as { DefaultTTL: number; MinTTL: number; MaxTTL: number };
}

const consoleClient = (template: Template) => only(template, 'AWS::Cognito::UserPoolClient', { ClientName: 'leadflow-console' });
const signInDomainId = (template: Template) => only(template, 'AWS::Cognito::UserPoolDomain')[0];

/** console-config.json as deployed: the staged file with the deploy-time markers shown as references. */
function deployedConfig(template: Template, assemblyDir: string): unknown {
  const [, deployment] = only(template, 'Custom::CDKBucketDeployment', { SourceMarkers: Match.anyValue() });
  const keys = deployment.Properties.SourceObjectKeys as string[];
  const markers = deployment.Properties.SourceMarkers as Array<Record<string, unknown>>;
  const index = markers.findIndex((entry) => Object.keys(entry).length > 0);
  const staged = path.join(assemblyDir, `asset.${keys[index]?.replace(/\.zip$/, '')}`, 'console-config.json');
  let text = readFileSync(staged, 'utf8');
  for (const [marker, value] of Object.entries(markers[index] ?? {})) text = text.split(marker).join(cloudFormationText(value));
  return JSON.parse(text);
}

describe('the console on AWS', () => {
  let template: Template;
  let assemblyDir: string;
  beforeAll(() => {
    ({ template, assemblyDir } = synth());
  });

  it('keeps the build in a private bucket: public access blocked, TLS only, S3-managed encryption, no website hosting', () => {
    const [bucketId, bucket] = onlyOfConsole(template, 'AWS::S3::Bucket');
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    expect(bucket.Properties).not.toHaveProperty('WebsiteConfiguration');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('lets only this distribution read the bucket, through Origin Access Control and no origin access identity', () => {
    const { id: distributionId, config } = distributionOf(template);
    const [oacId] = only(template, 'AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    const bucketOrigin = originOf(config, config.DefaultCacheBehavior);
    expect(bucketOrigin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] });
    expect(bucketOrigin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });

    const [, policy] = onlyOfConsole(template, 'AWS::S3::BucketPolicy');
    const statements = (policy.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement;
    const reads = statements.filter((statement) => statement.Effect === 'Allow');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } });
    expect(cloudFormationText((reads[0]!.Condition as { StringEquals: Record<string, unknown> }).StringEquals['AWS:SourceArn'])).toMatch(
      new RegExp(`:distribution/<${distributionId}>$`),
    );
  });

  it('sends /v1/* to the HTTP API as before: every method, no caching, the viewer headers but Host, no console headers', () => {
    const { config } = distributionOf(template);
    const api = behaviorFor(config, '/v1/*');
    expect(JSON.stringify(originOf(config, api).DomainName)).toContain('ApiEndpoint');
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']));
    expect(api.CachePolicyId).toBe(CachePolicy.CACHING_DISABLED.cachePolicyId);
    expect(api.OriginRequestPolicyId).toBe(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId);
    expect(api.ResponseHeadersPolicyId).toBeUndefined();
    expect(api.FunctionAssociations).toBeUndefined();
  });

  it('answers everything else from the bucket, deep links through a viewer-request function, with no distribution-wide error pages', () => {
    const { config } = distributionOf(template);
    const [functionId, fn] = only(template, 'AWS::CloudFront::Function');
    expect(fn.Properties.FunctionCode).toBe(readFileSync(CONSOLE_VIEWER_REQUEST_SOURCE, 'utf8'));
    expect(fn.Properties.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0' });
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } },
    ]);
    expect(config.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    const assets = behaviorFor(config, '/assets/*');
    expect(assets.TargetOriginId).toBe(config.DefaultCacheBehavior.TargetOriginId);
    expect(assets.FunctionAssociations).toBeUndefined();
    // Error pages would turn the API's 403/404 into index.html as well.
    expect(config.CustomErrorResponses).toBeUndefined();
    expect(config.CacheBehaviors.map((behavior) => behavior.PathPattern).sort()).toEqual(['/assets/*', '/v1/*']);
  });

  it('caches content-hashed assets for a year and revalidates index.html and console-config.json on every request', () => {
    const { config } = distributionOf(template);
    expect(cachePolicy(template, behaviorFor(config, '/assets/*').CachePolicyId)).toMatchObject({ DefaultTTL: 31_536_000, MaxTTL: 31_536_000 });
    expect(cachePolicy(template, config.DefaultCacheBehavior.CachePolicyId)).toMatchObject({ DefaultTTL: 0, MinTTL: 0 });

    const [, assets] = only(template, 'Custom::CDKBucketDeployment', { Include: ['assets/*'] });
    expect(assets.Properties).toMatchObject({ Exclude: ['*'], SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' } });
    const [, documents] = only(template, 'Custom::CDKBucketDeployment', { SourceMarkers: Match.anyValue() });
    expect(documents.Properties).toMatchObject({ SystemMetadata: { 'cache-control': 'no-cache' } });
  });

  it('uploads the assets first and never lets the documents prune them; old assets stay for open tabs', () => {
    const [assetsId, assets] = only(template, 'Custom::CDKBucketDeployment', { Include: ['assets/*'] });
    const [, documents] = only(template, 'Custom::CDKBucketDeployment', { SourceMarkers: Match.anyValue() });
    expect(assets.Properties.Prune).toBe(false);
    expect(documents.Properties).toMatchObject({ Prune: true, Exclude: ['assets/*'] });
    expect(documents.Properties).not.toHaveProperty('Include');
    expect(documents.DependsOn).toContain(assetsId);
  });

  it('sends a CSP without inline script, HSTS for two years with preload, nosniff, DENY framing and a strict referrer on every console response', () => {
    const { config } = distributionOf(template);
    const [policyId, policy] = only(template, 'AWS::CloudFront::ResponseHeadersPolicy');
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    expect(behaviorFor(config, '/assets/*').ResponseHeadersPolicyId).toEqual({ Ref: policyId });

    const headers = (policy.Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, Record<string, unknown>> }).SecurityHeadersConfig;
    const csp = Object.fromEntries(
      cloudFormationText(headers.ContentSecurityPolicy?.ContentSecurityPolicy)
        .split(';')
        .map((directive) => directive.trim().split(/\s+/))
        .map(([name, ...sources]) => [name, sources]),
    );
    const signIn = `https://<${signInDomainId(template)}>.auth.eu-central-1.amazoncognito.com`;
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp['img-src']).toEqual(["'self'", 'data:']);
    // The S3 hosts: the import wizard PUTs large files to presigned URLs of the uploads bucket.
    expect(csp['connect-src']).toEqual(["'self'", signIn, 'https://cognito-idp.eu-central-1.amazonaws.com', 'https://*.s3.eu-central-1.amazonaws.com']);
    expect(csp['frame-src']).toEqual(["'self'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'self'"]);
    expect(csp['form-action']).toEqual(["'self'", signIn]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(headers.ContentSecurityPolicy?.Override).toBe(true);

    expect(headers.StrictTransportSecurity).toEqual({ AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Preload: true, Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true });
  });

  it('gives the console a public app client: code grant only, its callback and sign-out URLs, openid email profile, 1-hour tokens that refresh with rotation', () => {
    const { id: distributionId } = distributionOf(template);
    const [, client] = consoleClient(template);
    const properties = client.Properties;
    expect(properties.GenerateSecret).toBe(false);
    expect(properties.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(properties.AllowedOAuthFlows).toEqual(['code']);
    expect([...(properties.AllowedOAuthScopes as string[])].sort()).toEqual(['email', 'openid', 'profile']);
    expect((properties.CallbackURLs as unknown[]).map(cloudFormationText)).toEqual([`https://<${distributionId}.DomainName>/auth/callback`]);
    expect((properties.LogoutURLs as unknown[]).map(cloudFormationText)).toEqual([`https://<${distributionId}.DomainName>/signed-out`]);
    expect(properties.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(properties).toMatchObject({ AccessTokenValidity: 60, IdTokenValidity: 60, TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes' } });
    expect(properties.RefreshTokenRotation).toMatchObject({ Feature: 'ENABLED' });
    // Password sign-in on the managed pages only; no flow that sends the password itself.
    expect(properties.ExplicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH']);
  });

  it("serves Cognito's managed login (version 2) on the pool's own domain, branded for the console client", () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'ESSENTIALS' });
    const [domainId, domain] = only(template, 'AWS::Cognito::UserPoolDomain');
    expect(domain.Properties.ManagedLoginVersion).toBe(2);
    expect(JSON.stringify(domain.Properties.Domain)).toContain('AWS::StackId');
    const [clientId] = consoleClient(template);
    const [, branding] = only(template, 'AWS::Cognito::ManagedLoginBranding');
    expect(branding.Properties).toMatchObject({ ClientId: { Ref: clientId }, UseCognitoProvidedValues: true });
    expect(branding.DependsOn).toContain(domainId);
  });

  it('keeps the SRP admin client away from OAuth, now that the pool has a sign-in domain', () => {
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient') as Record<string, Resource>).filter(
      (client) => client.Properties.ClientName !== 'leadflow-console',
    );
    expect(clients).toHaveLength(1);
    expect(clients[0]?.Properties.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(clients[0]?.Properties).not.toHaveProperty('AllowedOAuthFlows');
  });

  it("lets the API's JWT authorizer accept the console client's access tokens (checked against client_id)", () => {
    const [clientId] = consoleClient(template);
    const [, authorizer] = only(template, 'AWS::ApiGatewayV2::Authorizer');
    const jwt = authorizer.Properties.JwtConfiguration as { Audience: unknown[]; Issuer: unknown };
    expect(jwt.Audience).toContainEqual({ Ref: clientId });
    expect(jwt.Audience).toHaveLength(2);
    expect(cloudFormationText(jwt.Issuer)).toMatch(/^https:\/\/cognito-idp\.eu-central-1\.amazonaws\.com\/<\w+>$/);
  });

  it('publishes console-config.json: the API on the same origin, and the pool, client, callback, sign-out and sign-in domain', () => {
    const { id: distributionId } = distributionOf(template);
    const [clientId] = consoleClient(template);
    const [poolId] = only(template, 'AWS::Cognito::UserPool');
    expect(deployedConfig(template, assemblyDir)).toEqual({
      apiBaseUrl: '',
      auth: {
        kind: 'oidc',
        authority: `https://cognito-idp.eu-central-1.amazonaws.com/<${poolId}>`,
        clientId: `<${clientId}>`,
        redirectUri: `https://<${distributionId}.DomainName>/auth/callback`,
        logoutUri: `https://<${distributionId}.DomainName>/signed-out`,
        domain: `https://<${signInDomainId(template)}>.auth.eu-central-1.amazoncognito.com`,
      },
    });
  });

  it('outputs the console URL', () => {
    const { id: distributionId } = distributionOf(template);
    const outputs = template.findOutputs('ConsoleUrl') as Record<string, { Value: unknown }>;
    expect(cloudFormationText(outputs.ConsoleUrl?.Value)).toBe(`https://<${distributionId}.DomainName>`);
  });
});

describe('the console on a custom domain (publicBaseUrl)', () => {
  it('signs in, signs out, links and is announced on that domain', () => {
    const { template, assemblyDir } = synth({ publicBaseUrl: 'https://leads.example.de/' });
    const [, client] = consoleClient(template);
    expect(client.Properties.CallbackURLs).toEqual(['https://leads.example.de/auth/callback']);
    expect(client.Properties.LogoutURLs).toEqual(['https://leads.example.de/signed-out']);
    expect(deployedConfig(template, assemblyDir)).toMatchObject({
      auth: { redirectUri: 'https://leads.example.de/auth/callback', logoutUri: 'https://leads.example.de/signed-out' },
    });
    expect((template.findOutputs('ConsoleUrl') as Record<string, { Value: unknown }>).ConsoleUrl?.Value).toBe('https://leads.example.de');
  });
});

describe('the console without a build', () => {
  it('refuses to synth and says to run npm run build:console', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'leadflow-no-console-'));
    try {
      expect(() => newStack({ consoleAssetDir: empty })).toThrow(/index\.html does not exist\. Run `npm run build:console`/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
