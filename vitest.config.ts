import { defineConfig } from "vitest/config";

export default defineConfig({
  // .tsx files carry a /** @jsxImportSource hono/jsx */ pragma, so no JSX settings are needed here.
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "e2e/**/*.test.ts"],
    globalSetup: ["src/platform/testing/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores here: more workers only contend for the one PostgreSQL.
    maxWorkers: 2,
  },
});
