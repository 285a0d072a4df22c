import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import path from 'node:path';
import { DEFAULT_TIMEOUT_SECONDS, type FunctionSpec } from '../functions';

export interface ProductFunctionProps {
  spec: FunctionSpec;
  rootDir: string;
  environment: Record<string, string>;
}

/**
 * One Lambda function of the manifest with the settings every function shares: Node.js 22 on arm64,
 * bundled and minified by esbuild as ESM, source maps, X-Ray tracing, a log group with retention,
 * and an alarm on errors.
 */
export class ProductFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly errorsAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ProductFunctionProps) {
    super(scope, id);
    const { spec } = props;
    this.fn = new NodejsFunction(this, 'Fn', {
      entry: path.join(props.rootDir, 'functions', spec.name, 'handler.ts'),
      handler: 'handler',
      description: spec.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb ?? 512,
      timeout: Duration.seconds(spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      tracing: Tracing.ACTIVE,
      logGroup: new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH }),
      depsLockFilePath: path.join(props.rootDir, 'package-lock.json'),
      projectRoot: props.rootDir,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'leadflow',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        minify: true,
        sourceMap: true,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        // Bundle the SDK rather than use the runtime's copy: measured faster to load when minified
        // (npm run bench, capture.initMs), and pinned to the version the tests ran against.
        externalModules: [],
        // ESM bundles still meet CommonJS dependencies that call require().
        banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
    });
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
