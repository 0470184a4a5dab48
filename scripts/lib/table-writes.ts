import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** One write to a table found in a source file: a Drizzle `.insert(t)`/`.update(t)`/`.delete(t)` or raw SQL in a sql`` template. */
export type TableWrite = { file: string; line: number; table: string; how: string };

/** `@/db/schema`, `@/db/schema/orders`, `./schema`, `../db/schema/orders`, ... */
const schemaImport = /^(@\/db\/|(\.\.?\/)+(db\/)?)schema(\/[\w-]+)?$/;
const drizzleWrites = new Set(["insert", "update", "delete"]);
/** `insert into t`, `update t`, `delete from t`, with the table as text or, at the end of the text, as an interpolated table. */
const rawWrite = /\b(insert\s+into|update|delete\s+from)\s+(?:only\s+)?"?([a-z_][a-z0-9_]*)"?/gi;
const rawWriteBeforeTable = /\b(insert\s+into|update|delete\s+from)\s+(?:only\s+)?$/i;

/**
 * Finds every write to a schema table in one file. `tables` maps the schema's exported names
 * (`inventoryLevels`) to SQL names (`inventory_levels`); a file refers to a table through an
 * import from `db/schema` (named, renamed or `* as schema`), so only those identifiers count.
 */
export function tableWrites(file: string, source: string, tables: ReadonlyMap<string, string>): TableWrite[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const named = new Map<string, string>();
  const namespaces = new Set<string>();
  for (const statement of sf.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!schemaImport.test(statement.moduleSpecifier.text) || !statement.importClause?.namedBindings) continue;
    const bindings = statement.importClause.namedBindings;
    if (ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
    else for (const el of bindings.elements) named.set(el.name.text, (el.propertyName ?? el.name).text);
  }
  const tableOf = (node: ts.Node): string | undefined => {
    if (ts.isIdentifier(node)) {
      const exported = named.get(node.text);
      return exported ? tables.get(exported) : undefined;
    }
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && namespaces.has(node.expression.text)) return tables.get(node.name.text);
    return undefined;
  };
  const known = new Set(tables.values());
  const found: TableWrite[] = [];
  const at = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && drizzleWrites.has(node.expression.name.text) && node.arguments[0]) {
      const table = tableOf(node.arguments[0]);
      if (table) found.push({ file, line: at(node), table, how: `.${node.expression.name.text}(${node.arguments[0].getText(sf)})` });
    }
    if (ts.isTaggedTemplateExpression(node) && /^sql\b/.test(node.tag.getText(sf))) {
      const chunks = ts.isNoSubstitutionTemplateLiteral(node.template)
        ? [{ text: node.template.text, next: undefined }]
        : [
            { text: node.template.head.text, next: node.template.templateSpans[0]?.expression },
            ...node.template.templateSpans.map((span, i) => ({ text: span.literal.text, next: ts.isTemplateExpression(node.template) ? node.template.templateSpans[i + 1]?.expression : undefined })),
          ];
      for (const chunk of chunks) {
        for (const m of chunk.text.matchAll(rawWrite)) {
          const table = m[2]!.toLowerCase();
          if (known.has(table)) found.push({ file, line: at(node), table, how: `sql\`${m[0].replace(/\s+/g, " ")}\`` });
        }
        const keyword = chunk.next && rawWriteBeforeTable.exec(chunk.text);
        const table = keyword && chunk.next ? tableOf(chunk.next) : undefined;
        if (keyword && table) found.push({ file, line: at(node), table, how: `sql\`${keyword[1]!.replace(/\s+/g, " ")} \${${chunk.next!.getText(sf)}}\`` });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Every `.ts`/`.tsx` file under `dirs` (relative to `root`), as `/`-separated paths relative to `root`. */
export function sourceFiles(root: string, dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && !entry.name.startsWith(".")) walk(child);
      } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(child);
    }
  };
  for (const dir of dirs) walk(dir);
  return out.sort();
}

export function readSource(root: string, file: string): string {
  return readFileSync(path.join(root, file), "utf8");
}
