/**
 * How every Lambda bundle is built. CDK's NodejsFunction and a plain esbuild run (the benchmark)
 * take their options from here, so a measured bundle is the deployed bundle.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { Charset, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { DeploymentConfig } from '../functions/core/domain/store.ts';

/** The repository root: where package-lock.json, functions/ and templates/ are. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const LOCK_FILE = join(PROJECT_ROOT, 'package-lock.json');

/** A function's handler: `functions/<name>/handler.ts`, the name its declaration gives. */
export function handlerEntry(fn: string): string {
  return join(PROJECT_ROOT, 'functions', fn, 'handler.ts');
}

/** Where a bundle that carries the templates has them at run time (Lambda unpacks to /var/task). */
export const TEMPLATES_DIR_IN_BUNDLE = '/var/task/templates';

/** CommonJS dependencies call `require('stream')`; an ESM bundle has no `require` without this. */
export const CREATE_REQUIRE_BANNER = "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

/** Matches the nodejs24.x runtime the functions run on. */
export const ESBUILD_TARGET = 'node24';

/** ESM over CJS: email-reply-parser's own createRequire breaks in a CJS bundle. */
export const MAIN_FIELDS = ['module', 'main'];

/** CDK names an ESM bundle's entry file so; the handler setting is `index.handler`. */
export const BUNDLE_ENTRY_FILE = 'index.mjs';

/**
 * The config a bundle carries: the validated deployment config without `localSecrets`, which
 * are development values for the local runtime and have no business in a deployed artefact.
 */
export function bundledConfig(config: DeploymentConfig): DeploymentConfig {
  return { ...config, localSecrets: {} };
}

/** esbuild `define`: `__FOLLOWUP_CONFIG__` becomes the config as a JSON literal. */
export function configDefine(config: DeploymentConfig): Record<string, string> {
  return { __FOLLOWUP_CONFIG__: JSON.stringify(bundledConfig(config)) };
}

/** Shell command that puts the repository's templates beside a bundle's entry file. */
export function copyTemplatesCommand(projectRoot: string, outputDir: string): string {
  return `cp -r "${join(projectRoot, 'templates')}" "${join(outputDir, 'templates')}"`;
}

/**
 * Lambda hands a function its credentials in environment variables: the bundles read them
 * there instead of carrying the SDK's whole default chain (see the module for the figures).
 * No call of ours streams events: the SDK's event-stream code (15 KB in every bundle) is left
 * out, and an operation that would need it fails saying so.
 */
export const BUNDLE_ALIASES = {
  '@aws-sdk/credential-provider-node': join(PROJECT_ROOT, 'functions', 'shared', 'environment-credentials.ts'),
  '@smithy/core/event-streams': join(PROJECT_ROOT, 'functions', 'shared', 'no-event-streams.ts'),
};

/** Words of other languages (the classifier's lists, the pages' and notes' words) as UTF-8, not `\uXXXX` escapes: 14 KB off receive-mail. */
const CHARSET = Charset.UTF8;

/** The esbuild options of every bundle, for a direct `esbuild.build()` (add entryPoints and outfile). */
export function esbuildOptions(config: DeploymentConfig): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: ESBUILD_TARGET,
    minify: true,
    sourcemap: false,
    charset: CHARSET,
    mainFields: MAIN_FIELDS,
    banner: { js: CREATE_REQUIRE_BANNER },
    define: configDefine(config),
    alias: BUNDLE_ALIASES,
    // Nothing external: the SDK v3 clients are bundled, pinned by the lock file and loaded fastest.
    external: [],
  };
}

/** The same options in NodejsFunction's terms. */
export function cdkBundlingOptions(config: DeploymentConfig, options: { withTemplates: boolean }): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: ESBUILD_TARGET,
    minify: true,
    sourceMap: false,
    charset: CHARSET,
    mainFields: MAIN_FIELDS,
    banner: CREATE_REQUIRE_BANNER,
    define: configDefine(config),
    esbuildArgs: { '--alias': Object.entries(BUNDLE_ALIASES).map(([name, path]) => `${name}=${path}`) },
    externalModules: [],
    // esbuild comes from node_modules: synth needs neither Docker nor a network.
    forceDockerBundling: false,
    ...(options.withTemplates && {
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (inputDir: string, outputDir: string) => [copyTemplatesCommand(inputDir, outputDir)],
      },
    }),
  };
}
