/**
 * The people of a store: whoever writes notes, takes escalations or stands on the ladder. They
 * are who may answer a customer through us, who get notices and digests, and who an escalation
 * can be handed to. A person is known by their address (lower-cased): the id the API takes.
 */
import { createHash } from 'node:crypto';
import { base32, normaliseEmail } from './keys.ts';
import type { Persona, StoreConfig } from './store.ts';

export interface StaffMember {
  /** Lower-cased address: stable, readable, and unique within a store. */
  id: string;
  name: string;
  email: string;
  role?: string;
  /** Every address their answers are accepted from (their own first). */
  addresses: string[];
}

/** Who holds a case, as kept on it. */
export interface Owner {
  name: string;
  email: string;
  role?: string;
}

export function personId(email: string): string {
  return normaliseEmail(email);
}

function member(p: Persona): StaffMember {
  const addresses = [p.email, ...(p.otherAddresses ?? [])].map(normaliseEmail);
  return { id: personId(p.email), name: p.name, email: p.email, ...(p.role && { role: p.role }), addresses: [...new Set(addresses)] };
}

/** Everyone of the store, once each: the persona, the senior person, then the ladder. */
export function staffOf(store: StoreConfig): StaffMember[] {
  const seen = new Set<string>();
  const out: StaffMember[] = [];
  for (const p of [store.persona, store.senior, ...store.escalation.ladder]) {
    const m = member(p);
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    out.push(m);
  }
  return out;
}

/** The person of the store who writes from this address, if any. */
export function staffByAddress(store: StoreConfig, address: string | null | undefined): StaffMember | null {
  if (!address) return null;
  const wanted = normaliseEmail(address);
  return staffOf(store).find((m) => m.addresses.includes(wanted)) ?? null;
}

export function ownerOf(person: Persona | StaffMember | Owner): Owner {
  return { name: person.name, email: person.email, ...(person.role && { role: person.role }) };
}

export function sameOwner(a: Pick<Owner, 'email'> | null | undefined, b: Pick<Owner, 'email'> | null | undefined): boolean {
  return Boolean(a && b && normaliseEmail(a.email) === normaliseEmail(b.email));
}

/** The senior person's ladder: rung 0 is the senior person, rung 1 the first on the ladder, … */
export function rungs(store: StoreConfig): Owner[] {
  return [store.senior, ...store.escalation.ladder].map(ownerOf);
}

/**
 * Whom "to" names: a rung of the ladder ("0", "1", or a number), a person's id or address, or a
 * name when only one person of the store has it.
 */
export function findPerson(store: StoreConfig, to: string | number): Owner | null {
  if (typeof to === 'number' || /^\d+$/.test(String(to).trim())) {
    return rungs(store)[Number(to)] ?? null;
  }
  const wanted = String(to).trim().toLowerCase();
  if (wanted === 'senior') return ownerOf(store.senior);
  if (wanted === 'persona') return ownerOf(store.persona);
  const staff = staffOf(store);
  const byAddress = staff.find((m) => m.id === wanted || m.addresses.includes(wanted));
  if (byAddress) return ownerOf(byAddress);
  const byName = staff.filter((m) => m.name.toLowerCase() === wanted);
  return byName.length === 1 ? ownerOf(byName[0]!) : null;
}

/** One person of one store, for keys and reply addresses (no address in clear): 20 characters. */
export function personKey(storeId: string, email: string): string {
  return base32(createHash('sha256').update(`person\n${storeId}\n${normaliseEmail(email)}`).digest()).slice(0, 20);
}
