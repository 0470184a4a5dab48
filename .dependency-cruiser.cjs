/**
 * The layer rules of scripts/layers.cjs, enforced on every import (`npm run lint`).
 * A module is imported through its index.ts (the server API) or its shared.ts (pure,
 * browser-safe exports for client components). Tests and test helpers (x.test.ts, testing.ts)
 * may reach into a module's internals.
 */
const { layers, entryModules } = require("./scripts/layers.cjs");

const moduleName = (m) => m.replace(/\.ts$/, "");
const modulePath = (m) => (m.endsWith(".ts") ? `^server/${m.replace(".", "\\.")}$` : `^server/${m}/`);
const alternation = (mods) => mods.map((m) => moduleName(m).replace(".", "\\.")).join("|");
const foundation = layers[0].modules;
const testCode = ["\\.(test|fixture)\\.tsx?$", "(^|/|-)testing\\.ts$", "(^|/)test-[^/]+\\.ts$", "^e2e/", "^bench/"];

const layerRules = layers.slice(1).map((layer, index) => {
  const sameOrHigher = layers.slice(index + 1).flatMap((l) => l.modules).concat(entryModules);
  return {
    name: `layer-${layer.name.replace(/\W+/g, "-")}`,
    comment: `${layer.modules.join(", ")} may import only modules of lower layers (scripts/layers.cjs)`,
    severity: "error",
    from: { path: `^server/(${alternation(layer.modules)})/`, pathNot: testCode },
    to: { path: `^server/(${alternation(sameOrHigher)})(/|\\.ts$)`, pathNot: ["^server/$1/"] },
  };
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "foundation-imports-no-module",
      comment: "the foundation (db, lib, vocabulary, env) imports no module above it",
      severity: "error",
      from: { path: ["^db/", ...foundation.map(modulePath)], pathNot: [...testCode, "^db/seed"] },
      to: { path: "^(server|inngest|app|components)/", pathNot: foundation.map(modulePath) },
    },
    {
      name: "through-index-only",
      comment: "another module's internals are private: import its index.ts",
      severity: "error",
      from: { path: "^(server/([^/]+)/|inngest/|app/|components/|scripts/)", pathNot: testCode },
      to: {
        path: "^server/([^/]+)/.+",
        pathNot: [
          "^server/$2/",
          "^server/[^/]+/(index|shared)\\.ts$",
          ...foundation.filter((m) => !m.endsWith(".ts")).map((m) => `^server/${m}/`),
          ...entryModules.map((m) => `^server/${m}/`),
        ],
      },
    },
    {
      name: "shared-entry-is-browser-safe",
      comment: "a module's shared.ts (its browser-safe exports) never reaches the database, the settings or server-only code",
      severity: "error",
      from: { path: "^server/[^/]+/shared\\.ts$" },
      to: { path: ["^db/client\\.ts$", "^server/env\\.ts$", "server-only", "^server/[^/]+/index\\.ts$"], reachable: true },
    },
    {
      name: "components-take-types-from-index",
      comment: "components render in the browser too: from a module's index.ts they take types only; values come from its shared.ts or the foundation",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^server/[^/]+/index\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "no-domain-to-entry-points",
      comment: "domain code never imports app/, components/, inngest/functions or the tRPC layer",
      severity: "error",
      from: { path: "^(server/|db/)", pathNot: ["^server/trpc/", ...testCode] },
      to: { path: "^(app/|components/|inngest/functions/|inngest/local-executor/|server/trpc/)" },
    },
    {
      name: "no-cycles",
      comment: "no import cycles at run time (scripts/module-graph.ts also refuses type-only cycles between modules)",
      severity: "error",
      from: { pathNot: testCode },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^node_modules", "^\\.next", "^\\.data", "^db/migrations", "^scripts/fixtures"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
