import type { Readable, Writable } from "node:stream";
import { CancelledError } from "./errors.js";
import { featureOf, OPTION_KEYS, OPTION_TABLE, type OptionKey } from "./options.js";
import { projectNameProblem } from "./project-name.js";

/** Streams are injectable so tests can drive the real prompts with keystrokes. */
export interface PromptIO {
  input?: Readable;
  output?: Writable;
}

export type PromptAnswers = Partial<Record<OptionKey, string | string[] | boolean>>;

/**
 * Asks, with @clack/prompts, for every option the flags left open, in the
 * table's order. Cancelling any question (Ctrl-C, Esc) throws CancelledError.
 */
export async function askMissing(
  given: PromptAnswers,
  needName: boolean,
  io: PromptIO = {},
  /** Why a project of that name cannot be written (its folder is taken), asked again at once. */
  targetProblem: (name: string) => string | undefined = () => undefined,
): Promise<{ projectName?: string; answers: PromptAnswers }> {
  const clack = await import("@clack/prompts");
  const common = { input: io.input, output: io.output };
  const check = <T>(value: T | symbol): Exclude<T, symbol> => {
    if (clack.isCancel(value)) {
      throw new CancelledError();
    }
    return value as Exclude<T, symbol>;
  };

  clack.intro("create-backend", common);
  let projectName: string | undefined;
  if (needName) {
    projectName = check(
      await clack.text({
        ...common,
        message: "Project name?",
        placeholder: "my-api",
        defaultValue: "my-api",
        validate: (value) => {
          const name = value || "my-api";
          return projectNameProblem(name) ?? targetProblem(name);
        },
      }),
    );
  }
  const answers: PromptAnswers = { ...given };
  for (const key of OPTION_KEYS) {
    if (answers[key] !== undefined) continue;
    // A feature's own choice (storage) is asked only once that feature is chosen.
    const feature = featureOf(key);
    if (feature !== undefined && !(answers.features as string[] | undefined)?.includes(feature)) continue;
    const option = OPTION_TABLE[key];
    if (option.kind === "select") {
      answers[key] = check(
        await clack.select<string>({
          ...common,
          message: option.prompt,
          options: option.choices.map((c) => ({ value: c.value, label: c.label, hint: c.hint })),
          initialValue: option.default,
        }),
      );
    } else if (option.kind === "multiselect") {
      answers[key] = check(
        await clack.multiselect<string>({
          ...common,
          message: option.prompt,
          options: option.choices.map((c) => ({ value: c.value, label: c.label, hint: c.hint })),
          initialValues: [...option.default],
          required: false,
        }),
      );
    } else {
      answers[key] = check(
        await clack.confirm({ ...common, message: option.prompt, initialValue: option.default }),
      );
    }
  }
  return { projectName, answers };
}

/**
 * `add` and `remove` without a feature, on a terminal: which one, from those the project
 * has off (add) or on (remove), and for uploads where files go. Cancelling throws
 * CancelledError, as at create.
 */
export async function askFeature(
  direction: "add" | "remove",
  choices: readonly string[],
  askStorage: boolean,
  io: PromptIO = {},
): Promise<{ feature: string; storage?: string }> {
  const clack = await import("@clack/prompts");
  const common = { input: io.input, output: io.output };
  const check = <T>(value: T | symbol): Exclude<T, symbol> => {
    if (clack.isCancel(value)) throw new CancelledError();
    return value as Exclude<T, symbol>;
  };
  const features = OPTION_TABLE.features.choices.filter((c) => choices.includes(c.value));
  const feature = check(
    await clack.select<string>({
      ...common,
      message: direction === "add" ? "Which feature to add?" : "Which feature to remove?",
      options: features.map((c) => ({ value: c.value, label: c.label, hint: c.hint })),
    }),
  );
  if (!(askStorage && direction === "add" && feature === "uploads")) return { feature };
  const storage = OPTION_TABLE.storage;
  const chosen = check(
    await clack.select<string>({
      ...common,
      message: storage.prompt,
      options: storage.choices.map((c) => ({ value: c.value, label: c.label, hint: c.hint })),
      initialValue: storage.default,
    }),
  );
  return { feature, storage: chosen };
}
