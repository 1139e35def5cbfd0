/**
 * cdk-nag names a wildcard finding after the resource as it appears in the template
 * (`AwsSolutions-IAM5[Resource::arn:aws:s3:::bucket/inbound/*]`). Acknowledging exactly that
 * finding, and no other, needs the same text; this renders it the way cdk-nag 3's
 * flattenCfnReference does. It works for values that resolve within their own stack.
 */
import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function nagResourceName(scope: IConstruct, value: string): string {
  return flatten(Stack.of(scope).resolve(value));
}

function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const intrinsic = node as Record<string, unknown>;
  if (intrinsic['Fn::Join']) {
    const [delimiter, items] = intrinsic['Fn::Join'] as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  if (intrinsic['Fn::Sub']) return flatten(intrinsic['Fn::Sub']);
  if (intrinsic['Fn::GetAtt']) {
    const [resource, attribute] = intrinsic['Fn::GetAtt'] as [unknown, unknown];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (intrinsic['Fn::ImportValue']) return flatten(intrinsic['Fn::ImportValue']);
  if (intrinsic.Ref) return `<${flatten(intrinsic.Ref)}>`;
  return JSON.stringify(node);
}
