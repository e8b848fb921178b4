import pkg from "../package.json" with { type: "json" };

/** The generator version, recorded in every manifest; bundled at build time. */
export const VERSION: string = pkg.version;
