import { UsageError } from "../errors.js";
import type { Auth } from "../options.js";

/**
 * Who a generated resource's rows belong to, chosen once at `generate resource`:
 * - owned: `owner_id` from the creator's token; everyone reads, only the owner changes;
 * - private: the same, but only the owner reads it too (others get 404, lists are theirs);
 * - shared: no `owner_id`; any signed-in user writes (a catalogue).
 * Only JWT projects have users to own anything: without auth a resource has no owner.
 */
export const OWNERSHIPS = ["owned", "private", "shared"] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

export interface OwnershipFlags {
  private?: boolean;
  /** commander's `--no-owner`: false when given. */
  owner?: boolean;
}

export function ownershipFromFlags(flags: OwnershipFlags, auth: Auth): Ownership {
  const isPrivate = flags.private === true;
  const shared = flags.owner === false;
  if (isPrivate && shared) {
    throw new UsageError(
      "--private and --no-owner cannot go together: a private resource's rows are their owner's alone",
      "pick one: --private (only the owner reads and writes) or --no-owner (any signed-in user writes)",
    );
  }
  if (auth !== "jwt" && (isPrivate || shared)) {
    throw new UsageError(
      `${isPrivate ? "--private" : "--no-owner"} needs accounts, and this project was made with --auth none: its resources have no owners`,
    );
  }
  return isPrivate ? "private" : shared ? "shared" : "owned";
}

/** The template facts: `owned` rows carry an owner_id (owned and private). */
export function ownershipFacts(ownership: Ownership, jwt: boolean) {
  return {
    ownership,
    owned: jwt && ownership !== "shared",
    private: jwt && ownership === "private",
    shared: jwt && ownership === "shared",
  };
}
