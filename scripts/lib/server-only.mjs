/**
 * `node --import ./scripts/lib/server-only.mjs --import tsx <entry>` (or `tsx --import … <entry>`):
 * lets a script import modules marked `import "server-only"`. That package throws unless it is
 * resolved with the "react-server" condition, which Next.js sets for server code and plain Node
 * does not; this resolve hook adds the condition for that one specifier and for nothing else.
 */
import { register } from "node:module";

const hooks = `export async function resolve(specifier, context, next) {
  if (specifier !== "server-only") return next(specifier, context);
  return next(specifier, { ...context, conditions: [...context.conditions, "react-server"] });
}`;

register(`data:text/javascript,${encodeURIComponent(hooks)}`);
