import type { Guard } from '../quota/model.ts';

/** Placeholder bookkeeping for one expression: #n0, :v0, … */
export class Expr {
  private readonly names = new Map<string, string>();
  private readonly values: Record<string, unknown> = {};
  private n = 0;
  name(attr: string): string {
    let placeholder = this.names.get(attr);
    if (!placeholder) {
      placeholder = `#n${this.names.size}`;
      this.names.set(attr, placeholder);
    }
    return placeholder;
  }
  /** A dotted path of plain attribute names, every part a placeholder. */
  path(dotted: string): string {
    return dotted
      .split('.')
      .map((part) => this.name(part))
      .join('.');
  }
  value(v: unknown): string {
    const placeholder = `:v${this.n++}`;
    this.values[placeholder] = v;
    return placeholder;
  }
  attributes(extraNames: Record<string, string> = {}) {
    const names = { ...Object.fromEntries([...this.names].map(([attr, p]) => [p, attr])), ...extraNames };
    return {
      ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      ...(Object.keys(this.values).length > 0 ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}

export function pruneClauses(x: Expr, prune: string[], keep: string): string {
  const removes = prune
    .filter((p) => p !== keep)
    .flatMap((p) => [`${x.name('ops')}.${x.name(p)}`, `${x.name('opPos')}.${x.name(p)}`]);
  return removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : '';
}

export function addToMap(x: Expr, map: string, add: Record<string, number>): string[] {
  return Object.entries(add)
    .filter(([, n]) => n !== 0)
    .map(([k, n]) => {
      const path = `${x.name(map)}.${x.name(k)}`;
      return `${path} = if_not_exists(${path}, ${x.value(0)}) + ${x.value(n)}`;
    });
}

/** The guard as condition clauses (a missing map entry counts as 0). */
export function guardConditions(x: Expr, g: Guard): string[] {
  const c: string[] = [];
  if (g.configVersion !== undefined) c.push(`${x.name('configVersion')} = ${x.value(g.configVersion)}`);
  if (g.opSeq !== undefined) c.push(`${x.name('opSeq')} = ${x.value(g.opSeq)}`);
  if (g.maxUsed !== undefined) c.push(`${x.name('used')} <= ${x.value(g.maxUsed)}`);
  if (g.maxCommitted !== undefined) c.push(`${x.name('committed')} <= ${x.value(g.maxCommitted)}`);
  for (const [k, max] of Object.entries(g.maxKecUsed ?? {})) {
    const path = `${x.name('kecUsed')}.${x.name(k)}`;
    const v = x.value(max);
    c.push(max >= 0 ? `(attribute_not_exists(${path}) OR ${path} <= ${v})` : `${path} <= ${v}`);
  }
  if (g.waitlisted !== undefined) c.push(`${x.name('waitlisted')} = ${x.value(g.waitlisted)}`);
  for (const [k, n] of Object.entries(g.kecWaitlisted ?? {})) {
    const path = `${x.name('kecWaitlisted')}.${x.name(k)}`;
    const v = x.value(n);
    c.push(n === 0 ? `(attribute_not_exists(${path}) OR ${path} = ${v})` : `${path} = ${v}`);
  }
  if (g.leaseToken !== undefined) c.push(`${x.name('promoter')} = ${x.value(g.leaseToken)}`);
  return c;
}
