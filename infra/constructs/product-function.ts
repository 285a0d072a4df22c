import { AssetHashType, Duration, type ILocalBundling, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import path from 'node:path';
import { DEFAULT_TIMEOUT_SECONDS, type FunctionSpec } from '../functions';
import { bundleFunction, FUNCTION_NODE_OPTIONS } from './function-bundle';

/**
 * Bundles one function with esbuild in this process. Its fields are part of CDK's asset cache key
 * (the bundling options serialised), so two functions never share a bundle.
 */
class LocalBundling implements ILocalBundling {
  constructor(
    readonly rootDir: string,
    readonly entry: string,
  ) {}

  tryBundle(outputDir: string): boolean {
    bundleFunction(path.join(this.rootDir, this.entry), outputDir);
    return true;
  }
}

export interface ProductFunctionProps {
  spec: FunctionSpec;
  rootDir: string;
  environment: Record<string, string>;
}

/**
 * One Lambda function of the manifest with the settings every function shares: Node.js 22 on arm64,
 * bundled by esbuild as ESM chunks (./function-bundle.ts: what `npm run bench` measures too), source
 * maps, X-Ray tracing, a log group with retention, and an alarm on errors.
 */
export class ProductFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly errorsAlarm: Alarm;
  readonly spec: FunctionSpec;

  constructor(scope: Construct, id: string, props: ProductFunctionProps) {
    super(scope, id);
    const { spec } = props;
    this.spec = spec;
    const entry = path.join('functions', spec.name, 'handler.ts');
    this.fn = new LambdaFunction(this, 'Fn', {
      // esbuild runs in the synthesising process: NodejsFunction's esbuild command always passes
      // --outfile, which rules out chunks.
      code: Code.fromAsset(props.rootDir, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: { image: Runtime.NODEJS_22_X.bundlingImage, local: new LocalBundling(props.rootDir, entry) },
      }),
      handler: 'index.handler',
      description: spec.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb ?? 512,
      timeout: Duration.seconds(spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      tracing: Tracing.ACTIVE,
      logGroup: new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH }),
      environment: {
        NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
        POWERTOOLS_SERVICE_NAME: 'leadflow',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
    });
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-L1',
        reason: 'Node.js 22 is the runtime the bundles target (esbuild node22) and the tests run on; moving to a newer one is its own upgrade',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "Lambda's basic execution policy: writing the function's own logs (its log group has a retention) and nothing else",
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray (PutTraceSegments, PutTelemetryRecords), SES GetAccount and DynamoDB ListStreams (a stream reader) have no resource-level permissions; every other statement names its resources (tests/infra/security-rules.test.ts checks that only these actions are on *)',
      },
    );
    this.errorsAlarm = new Alarm(this, 'Errors', {
      alarmDescription: `${spec.name}: invocations ended in an error`,
      metric: this.fn.metricErrors({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
