/**
 * Every address mail leaves from: each store's persona and senior person (notes, owners'
 * answers), the people on its escalation ladder, and the notice sender on the inbound domain.
 * SES verifies these domains, IAM lets the senders use only these addresses, and the local
 * runtime refuses any other From address the same way.
 */
import { noticeSender } from './escalation-notice.ts';
import type { DeploymentConfig } from './store.ts';

export function sendingAddresses(config: DeploymentConfig): { addresses: string[]; domains: string[] } {
  const people = config.stores.flatMap((s) => [s.persona, s.senior, ...s.escalation.ladder].map((p) => p.email));
  const addresses = [...new Set([...people, noticeSender(config.inboundDomain)].map((e) => e.toLowerCase()))].sort();
  const domains = [...new Set(addresses.map((a) => a.slice(a.lastIndexOf('@') + 1)))].sort();
  return { addresses, domains };
}
