import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** True under `vitest --update` (`-u`): snapshot tests rewrite what they compare against. */
    updatingSnapshots: boolean;
  }
}

/** Global setup: tells the tests whether snapshots are being rewritten. */
export default function setup(project: TestProject): void {
  project.provide("updatingSnapshots", project.config.snapshotOptions.updateSnapshot === "all");
}
