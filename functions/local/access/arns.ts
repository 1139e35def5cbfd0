/**
 * ARNs of the local engines' resources, built the way AWS builds them, so that a local call and
 * a local IAM statement name the same thing. One account, one region.
 */
export const LOCAL_ACCOUNT = '000000000000';

export interface ArnScope {
  region: string;
  account: string;
}

export const arn = {
  table: (s: ArnScope, table: string) => `arn:aws:dynamodb:${s.region}:${s.account}:table/${table}`,
  queue: (s: ArnScope, queue: string) => `arn:aws:sqs:${s.region}:${s.account}:${queue}`,
  object: (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`,
  bucket: (bucket: string) => `arn:aws:s3:::${bucket}`,
  // A deployed secret's ARN ends in a random suffix; local ones are named exactly.
  secret: (s: ArnScope, name: string) => `arn:aws:secretsmanager:${s.region}:${s.account}:secret:${name}`,
  sesIdentity: (s: ArnScope, identity: string) => `arn:aws:ses:${s.region}:${s.account}:identity/${identity}`,
  configurationSet: (s: ArnScope, name: string) => `arn:aws:ses:${s.region}:${s.account}:configuration-set/${name}`,
  /** Who a function is when it calls: its role's session, as AWS names it in a refusal. */
  principal: (s: ArnScope, fn: string) => `arn:aws:sts::${s.account}:assumed-role/${fn}-role/${fn}`,
};
