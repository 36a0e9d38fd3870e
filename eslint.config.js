// ESLint keeps the layers and the usual React/TypeScript/accessibility rules (issue 15.4,
// ADR 027). Layers, from the top: routes → a part's UI (app/<part>/ui, app/components) →
// domain (app/<part>/*.server.ts and its shared *.ts) → db/ and app/utils/. A layer imports
// only layers below it; `npm run lint` runs in `npm test` and CI.
import js from "@eslint/js";
import importX from "eslint-plugin-import-x";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

// app/<part>/template/ (a shared page template: renders the part's UI, ADR 023) is at the UI layer.
const UI = ["./app/components/**", "./app/*/ui/**", "./app/*/template/**"];
const ROUTES = ["./app/routes/**", "./app/root.{ts,tsx}", "./app/entry.*"];

/** The layer rules: each zone names what files in `target` must never import (`from`). */
const layers = [
  {
    target: ["./db/!(seed)/**", "./db/!(seed-cli).ts"],
    from: "./app",
    except: ["./utils/remember.ts"],
    message:
      "db/ is the bottom layer: it imports nothing from app/ but the one singleton helper, app/utils/remember.ts (the demo seed in db/seed may call domain functions, see the next rule).",
  },
  {
    target: ["./app/utils/**"],
    from: ["./app/!(utils)/**", ...ROUTES],
    message: "app/utils/ is below every part: it imports only db/ and other utils.",
  },
  {
    target: ["./app/!(routes|components|utils)/*.{ts,tsx}"],
    from: [...ROUTES, ...UI],
    message:
      "A domain module never imports UI or routes: put the shared constant or type in the domain (or app/utils) and let the UI import it.",
  },
  {
    target: ["./db/seed/**", "./db/seed-cli.ts", "./scripts/**"],
    from: [...ROUTES, ...UI],
    message: "The demo seed and the scripts create data through domain functions (app/<part>/*.server.ts), never through UI or routes.",
  },
  {
    target: UI,
    from: ROUTES,
    message: "UI never imports a route module: pass what it needs as props.",
  },
];

export default tseslint.config(
  {
    ignores: ["build/**", ".builds/**", "public/build/**", "node_modules/**", "bench/results/**", "data/**", "coverage/**", "patches/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    settings: { "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })] },
    plugins: { "import-x": importX, "react-hooks": reactHooks },
    rules: {
      "import-x/no-restricted-paths": ["error", { zones: layers }],
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
    },
  },
  { files: ["app/**/*.tsx"], ...jsxA11y.flatConfigs.recommended },
  {
    files: ["app/**/*.tsx"],
    rules: {
      // A scrollable box takes the keyboard (axe: scrollable-region-focusable) as a named region.
      "jsx-a11y/no-noninteractive-tabindex": ["error", { roles: ["tabpanel", "region"] }],
    },
  },
  {
    // Tests and the benchmark may reach into any layer.
    files: ["tests/**", "bench/**"],
    rules: { "import-x/no-restricted-paths": "off" },
  },
);
