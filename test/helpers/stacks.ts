import { type Answers, choiceOf, DEFAULT_ANSWERS, FEATURES, type Feature } from "../../src/options.js";
import { render } from "../../src/render/index.js";
import { loadTemplates } from "../../src/render/template-store.js";

export interface Stack {
  /** e.g. "fastapi-sqlite-sqlalchemy-jwt" or "...-minimal". */
  id: string;
  answers: Answers;
}

export function stackId(a: Answers): string {
  const axes = `${a.framework}-${a.database}-${choiceOf("orm", a.orm).slug}-${a.auth}`;
  const base = a.storage === "s3" ? `${axes}-s3` : axes;
  if (a.features.length === FEATURES.length) return base;
  return a.features.length === 0 ? `${base}-minimal` : `${base}-${a.features.join("+")}`;
}

export const stack = (answers: Partial<Answers> = {}): Stack => {
  const full = { ...DEFAULT_ANSWERS, ...answers };
  return { id: stackId(full), answers: full };
};

/** Every feature turned off one at a time, on the default stack. */
export function withoutEach(): { feature: Feature; stack: Stack }[] {
  return FEATURES.map((feature) => ({
    feature,
    stack: stack({ features: FEATURES.filter((f) => f !== feature) }),
  }));
}

export function renderStack(s: Stack, projectName = "my-api"): Map<string, string> {
  return render({ projectName, answers: s.answers, version: "0.0.0-test" }, loadTemplates());
}
