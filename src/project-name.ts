/**
 * A project name becomes a directory name, a Docker image tag and a Python
 * distribution name, so it must be safe in all three: no path separators, no
 * leading dot or dash (hidden files, flags), no spaces.
 */
// Starts and ends with a letter or digit: also a valid Python distribution name (PEP 508).
const NAME_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const MAX_LENGTH = 64;
// Names Windows cannot create as directories; refusing them keeps projects portable.
const RESERVED = new Set(["con", "prn", "aux", "nul", "node_modules", "favicon.ico"]);

/** Returns why `name` is not a usable project name, or undefined when it is. */
export function projectNameProblem(name: string): string | undefined {
  if (name.trim() === "") return "it is empty";
  if (name.length > MAX_LENGTH) return `it is longer than ${MAX_LENGTH} characters`;
  if (/[/\\]/.test(name)) return "it must not contain / or \\ (give a name, not a path)";
  if (/\s/.test(name)) return "it must not contain spaces";
  if (name.startsWith(".")) return "it must not start with a dot";
  if (name.startsWith("-")) return "it must not start with a dash";
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return "it may only contain letters, digits, '.', '_' and '-'";
  if (!NAME_PATTERN.test(name)) return "it must end with a letter or a digit";
  if (/^(com\d|lpt\d)$/i.test(name) || RESERVED.has(name.toLowerCase()))
    return `"${name}" is a reserved name`;
  return undefined;
}

/** `my.api_v2` → `my-api-v2`: the PEP 503 normalised distribution name. */
export function distributionName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}
