/**
 * A small builder for DynamoDB update and condition expressions, so adapters read as what they
 * change rather than as strings of placeholders.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

export class Expr {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private readonly sets: string[] = [];
  private readonly removes: string[] = [];
  private readonly adds: string[] = [];
  private readonly deletes: string[] = [];
  private readonly conditions: string[] = [];
  private counter = 0;

  /** `#name` for an attribute name (every name goes through here: many are reserved words). */
  name(attribute: string): string {
    const placeholder = `#${attribute.replace(/[^A-Za-z0-9_]/g, '_')}`;
    this.names[placeholder] = attribute;
    return placeholder;
  }

  value(v: unknown): string {
    const placeholder = `:v${this.counter++}`;
    this.values[placeholder] = v;
    return placeholder;
  }

  set(attribute: string, v: unknown): this {
    this.sets.push(`${this.name(attribute)} = ${this.value(v)}`);
    return this;
  }

  /** Sets the attribute only if it has no value yet: first fact wins. */
  setIfMissing(attribute: string, v: unknown): this {
    const n = this.name(attribute);
    this.sets.push(`${n} = if_not_exists(${n}, ${this.value(v)})`);
    return this;
  }

  setRaw(clause: string): this {
    this.sets.push(clause);
    return this;
  }

  remove(...attributes: string[]): this {
    this.removes.push(...attributes.map((a) => this.name(a)));
    return this;
  }

  add(attribute: string, v: unknown): this {
    this.adds.push(`${this.name(attribute)} ${this.value(v)}`);
    return this;
  }

  deleteFromSet(attribute: string, v: unknown): this {
    this.deletes.push(`${this.name(attribute)} ${this.value(v)}`);
    return this;
  }

  when(condition: string): this {
    this.conditions.push(`(${condition})`);
    return this;
  }

  get update(): string {
    return [
      this.sets.length ? `SET ${this.sets.join(', ')}` : '',
      this.removes.length ? `REMOVE ${this.removes.join(', ')}` : '',
      this.adds.length ? `ADD ${this.adds.join(', ')}` : '',
      this.deletes.length ? `DELETE ${this.deletes.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' ');
  }

  get condition(): string | undefined {
    return this.conditions.length ? this.conditions.join(' AND ') : undefined;
  }

  /** The parameters for UpdateItem / Query / Put, without empty maps (DynamoDB rejects those). */
  params(): {
    UpdateExpression?: string;
    ConditionExpression?: string;
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, unknown>;
  } {
    const update = this.update;
    return {
      ...(update && { UpdateExpression: update }),
      ...(this.condition && { ConditionExpression: this.condition }),
      ...(Object.keys(this.names).length && { ExpressionAttributeNames: this.names }),
      ...(Object.keys(this.values).length && { ExpressionAttributeValues: this.values }),
    };
  }
}

export function isConditionFailure(error: unknown): error is ConditionalCheckFailedException {
  return error instanceof ConditionalCheckFailedException || (error as Error)?.name === 'ConditionalCheckFailedException';
}

/** Whether a conditional write went through: false when its condition failed, thrown otherwise. */
export async function written(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
