/** Orders two `major.minor.patch[-pre]` versions: negative, zero or positive, as sort wants. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => {
    const [core = "", pre] = v.split("-", 2);
    return { numbers: core.split(".").map((n) => Number.parseInt(n, 10) || 0), pre };
  };
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < 3; i++) {
    const diff = (x.numbers[i] ?? 0) - (y.numbers[i] ?? 0);
    if (diff !== 0) return diff;
  }
  // A pre-release comes before its release (0.2.0-rc.1 < 0.2.0).
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}
