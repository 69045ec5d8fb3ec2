import type { AnyNode, Node } from 'acorn';
import { base } from 'acorn-walk';

export interface JsVisitor {
  /** Called before a node's children; return true to get `leave` after them. */
  enter(node: AnyNode, depth: number): boolean;
  leave(node: AnyNode): void;
}

const LEAVE = '\0leave';

type BaseVisitor = (node: Node, state: null, callback: (child: Node, state: null, override?: string) => void) => void;
const visitors = base as unknown as Record<string, BaseVisitor | undefined>;
/** acorn-walk's pass-through visitor (`Expression`, `Statement`) and its no-op one (`VariablePattern`). */
const SKIP_THROUGH = visitors.Expression;
const IGNORE = visitors.VariablePattern;

/**
 * Visits every node in source order with an explicit stack, so no nesting depth can overflow the
 * call stack. acorn-walk's `base` says which children each node has; its pseudo-types
 * (`Expression`, `Pattern`, `Function`…) are expanded without counting as visits, exactly as
 * `walk.simple` would, so non-computed property names and declared names are not visited.
 */
export function walkJs(root: Node, visitor: JsVisitor): void {
  const nodes: Node[] = [root];
  const types: (string | undefined)[] = [undefined];
  const depths: number[] = [0];
  let childDepth = 0;
  // Children are pushed straight onto the stack, then their run is reversed to keep source order.
  const collect = (child: Node, _state: null, override?: string): void => {
    // Resolved here rather than by another trip round the stack: most children come as `Expression`.
    if (override !== undefined && override !== child.type) {
      const fn = visitors[override];
      if (fn === SKIP_THROUGH) override = undefined;
      else if (fn === IGNORE) return;
    }
    nodes.push(child);
    types.push(override);
    depths.push(childDepth);
  };
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const type = types.pop();
    const depth = depths.pop()!;
    if (type === LEAVE) {
      visitor.leave(node as AnyNode);
      continue;
    }
    let expand = type;
    childDepth = depth;
    if (type === undefined || type === node.type) {
      if (visitor.enter(node as AnyNode, depth)) {
        nodes.push(node);
        types.push(LEAVE);
        depths.push(depth);
      }
      expand = node.type;
      childDepth = depth + 1;
    }
    const fn = visitors[expand!];
    if (!fn) continue;
    const start = nodes.length;
    fn(node, null, collect);
    for (let i = start, j = nodes.length - 1; i < j; i++, j--) {
      const n = nodes[i]!;
      nodes[i] = nodes[j]!;
      nodes[j] = n;
      const t = types[i];
      types[i] = types[j];
      types[j] = t;
      const d = depths[i]!;
      depths[i] = depths[j]!;
      depths[j] = d;
    }
  }
}
