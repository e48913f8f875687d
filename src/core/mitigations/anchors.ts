// Where a mitigation diagnostic points: the value of a key of an entity, falling back to the id.
import type { Entity } from '../model/types';
import { getValue, type YNode } from '../yaml/tree';

export function anchorOf(entity: Entity, key: string): YNode {
  const value = getValue(entity.node, key);
  if (value && !(value.kind === 'scalar' && value.empty)) return value;
  return getValue(entity.node, 'id') ?? entity.node;
}

/** `id` in backticks with the name when it differs, for messages. */
export function label(entity: { id: string; name?: string; title?: string }): string {
  const name = entity.name ?? entity.title;
  return name && name !== entity.id ? `\`${entity.id}\` (${name})` : `\`${entity.id}\``;
}
