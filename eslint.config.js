import inngest from "@inngest/eslint-plugin";
import drizzle from "eslint-plugin-drizzle";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

// Every transaction goes through db/transaction.ts, which runs the after-commit hooks (the outbox
// nudge among them): a direct `.transaction(` would commit events the relay hears of only at its cron.
const transactionOutsideHelper = {
  selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='transaction']",
  message: "Open transactions with transaction(work, db) and savepoints with savepoint(tx, work) from db/transaction.ts: they run the after-commit hooks (the outbox nudge).",
};

export default tseslint.config(
  { ignores: [".next/**", ".data/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "scripts/fixtures/**"] },
  ...nextVitals,
  ...nextTypescript,
  {
    files: ["**/*.ts", "**/*.tsx"],
    plugins: { "@inngest": inngest, drizzle },
    rules: {
      // Inngest safety: sends are awaited, steps never nest, no state mutated across steps.
      "@inngest/await-inngest-send": "error",
      "@inngest/no-nested-steps": "error",
      "@inngest/no-variable-mutation-in-step": "error",
      // Drizzle safety: no unconditional DELETE/UPDATE through a db or transaction handle.
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx", "database"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx", "database"] }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["db/transaction.ts"],
    rules: { "no-restricted-syntax": ["error", transactionOutsideHelper] },
  },
  {
    // One date/time formatter for shop and console, in the viewer's locale and time zone.
    files: ["app/**/*.ts", "app/**/*.tsx", "components/**/*.ts", "components/**/*.tsx"],
    ignores: ["components/ui/date-time.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...[
          "CallExpression[callee.property.name=/^toLocale(Date|Time)?String$/]",
          "NewExpression[callee.object.name='Intl'][callee.property.name='DateTimeFormat']",
          "CallExpression[callee.object.name='Intl'][callee.property.name='DateTimeFormat']",
        ].map((selector) => ({
          selector,
          message: "Show dates with <DateTime> or useFormatDateTime() from components/ui/date-time.tsx (the viewer's locale and zone); numbers with formatNumber.",
        })),
        // This block's list replaces the one above for these files: keep the transaction rule.
        transactionOutsideHelper,
      ],
    },
  },
  {
    // CommonJS config files (dependency-cruiser reads them with require).
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Command-line scripts and benchmarks talk to a person on stdout.
    files: ["scripts/**", "bench/**", "e2e/**"],
    rules: { "no-console": "off" },
  },
);
