/**
 * SES identities for every domain followup sends from (the stores' personas and seniors) and
 * receives at, the configuration set every note is sent with, and the topic its delivery
 * events go to.
 */
import { CfnOutput, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { sendingAddresses } from '../../functions/core/domain/sending-addresses.ts';
import type { DeploymentConfig } from '../../functions/core/domain/store.ts';

/** The configuration-set events ses-events acts on: sends, bounces, complaints, rejects and delays. */
export const PUBLISHED_EVENTS = [
  EmailSendingEvent.SEND,
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.REJECT,
  EmailSendingEvent.DELIVERY_DELAY,
];

export interface MailDomainsProps {
  readonly deployment: DeploymentConfig;
  readonly removalPolicy: RemovalPolicy;
}

export class MailDomains extends Construct {
  readonly configurationSet: ConfigurationSet;
  /** SES publishes the configuration set's events here. */
  readonly eventsTopic: Topic;
  readonly sendingDomains: readonly string[];
  readonly fromAddresses: readonly string[];

  constructor(scope: Construct, id: string, props: MailDomainsProps) {
    super(scope, id);
    const { addresses, domains } = sendingAddresses(props.deployment);
    this.sendingDomains = domains;
    this.fromAddresses = addresses;

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      // Bounced and complaining addresses stop receiving mail from this account at once; the
      // table's own suppression list stays the per-store record.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.applyRemovalPolicy(props.removalPolicy);

    this.eventsTopic = new Topic(this, 'SesEvents', { enforceSSL: true });
    // Adds the topic policy for ses.amazonaws.com, limited to this configuration set.
    this.configurationSet.addEventDestination('ToSesEvents', {
      destination: EventDestination.snsTopic(this.eventsTopic),
      events: PUBLISHED_EVENTS,
    });

    const stack = Stack.of(this);
    for (const domain of new Set([...domains, props.deployment.inboundDomain])) {
      const identity = new EmailIdentity(this, `Identity-${domain}`, {
        identity: Identity.domain(domain),
        // Easy DKIM: SES rotates the keys; the three CNAMEs below must be published once.
        dkimSigning: true,
        ...(domains.includes(domain) && { configurationSet: this.configurationSet }),
      });
      identity.applyRemovalPolicy(props.removalPolicy);
      new CfnOutput(stack, `DkimRecords${outputSuffix(domain)}`, {
        description: `CNAME records to publish for ${domain} (Easy DKIM)`,
        value: identity.dkimRecords.map((r) => `${r.name} CNAME ${r.value}`).join(' ; '),
      });
    }
  }
}

/** Output ids are alphanumeric: "in.northwind.example" → "InNorthwindExample". */
export function outputSuffix(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
