/**
 * The step ids of our Inngest functions, read from their source: every `step.<tool>("<id>", …)`
 * inside each `createFunction(…)` in a folder, the handler's under the function id and the
 * onFailure handler's under `<id>-failure` (the id Inngest runs it under). The saga crash test
 * takes its crash points from here, so a step added to a saga function is crashed at too (or
 * the test fails), instead of a hand-written list drifting from the code.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export type DeclaredStep = { functionId: string; stepId: string; tool: string; where: string };
export type DeclaredFunction = { functionId: string; file: string; steps: DeclaredStep[]; problems: string[] };

const literalText = (node: ts.Node | undefined): string | undefined =>
  node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;

/** `step.run`, `step.ai.infer`, ...: the tool name after `step.`, or undefined when the call is not a step tool. */
function stepTool(callee: ts.Expression): string | undefined {
  const names: string[] = [];
  let node: ts.Expression = callee;
  while (ts.isPropertyAccessExpression(node)) {
    names.unshift(node.name.text);
    node = node.expression;
  }
  return ts.isIdentifier(node) && node.text === "step" && names.length > 0 ? names.join(".") : undefined;
}

function property(options: ts.ObjectLiteralExpression, name: string): ts.Node | undefined {
  for (const p of options.properties) {
    if (!p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) || p.name.text !== name) continue;
    if (ts.isPropertyAssignment(p)) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p)) return p.name;
    if (ts.isMethodDeclaration(p)) return p;
  }
  return undefined;
}

function parseFile(file: string): DeclaredFunction[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const consts = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const d of statement.declarationList.declarations) {
      const text = literalText(d.initializer);
      if (ts.isIdentifier(d.name) && text !== undefined) consts.set(d.name.text, text);
    }
  }
  const where = (node: ts.Node) => `${path.basename(file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;

  const collect = (root: ts.Node, fn: DeclaredFunction) => {
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node)) {
        const tool = stepTool(node.expression);
        if (tool) {
          const [first] = node.arguments;
          const id =
            literalText(first) ??
            (first && ts.isObjectLiteralExpression(first) ? literalText(property(first, "id")) : undefined) ??
            (first && ts.isIdentifier(first) ? consts.get(first.text) : undefined);
          if (id === undefined) fn.problems.push(`${where(node)}: step.${tool}(${first?.getText() ?? ""}, …) has an id computed at run time`);
          else fn.steps.push({ functionId: fn.functionId, stepId: id, tool, where: where(node) });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(root);
  };

  const found: DeclaredFunction[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "createFunction") {
      const [options, handler] = node.arguments;
      if (!options || !ts.isObjectLiteralExpression(options)) throw new Error(`${where(node)}: createFunction options must be an object literal`);
      const idNode = property(options, "id");
      const functionId = literalText(idNode) ?? (idNode && ts.isIdentifier(idNode) ? consts.get(idNode.text) : undefined);
      if (functionId === undefined) throw new Error(`${where(node)}: createFunction id must be a string literal or a const of one`);
      const main: DeclaredFunction = { functionId, file, steps: [], problems: [] };
      if (handler) collect(handler, main);
      found.push(main);
      const onFailure = property(options, "onFailure");
      if (onFailure) {
        const failure: DeclaredFunction = { functionId: `${functionId}-failure`, file, steps: [], problems: [] };
        collect(onFailure, failure);
        found.push(failure);
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every function declared in the folder's source files (tests and the crash test's own files excluded). */
export function declaredFunctions(dir: string): Map<string, DeclaredFunction> {
  const byId = new Map<string, DeclaredFunction>();
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.startsWith("saga-crash."));
  for (const file of files.sort()) {
    for (const fn of parseFile(path.join(dir, file))) {
      const twin = byId.get(fn.functionId);
      if (twin) throw new Error(`function id ${fn.functionId} is declared in ${path.basename(twin.file)} and ${path.basename(fn.file)}`);
      byId.set(fn.functionId, fn);
    }
  }
  return byId;
}
