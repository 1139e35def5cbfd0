/**
 * Stands in for the SDK's default credential chain inside the Lambda bundles (see
 * infra/bundling.ts). A Lambda function always receives its role's credentials in environment
 * variables; the full chain (SSO, shared config files, processes, web identity, containers)
 * would add about 60 KB to every bundle, and its load time to every cold start, for sources a
 * function never uses.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);
