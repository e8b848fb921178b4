import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { isReachable, testDatabaseUrl } from "../../src/database-probe.js";
import { freePort } from "../helpers/server.js";

describe("the PostgreSQL probe", () => {
  it("takes TEST_DATABASE_URL from the environment before the project's .env", () => {
    const dotenv = "SECRET_KEY=x\nTEST_DATABASE_URL=postgresql://app@localhost:5432/postgres\n";
    expect(testDatabaseUrl({ TEST_DATABASE_URL: "postgresql://ci@127.0.0.1:6543/x" }, dotenv)).toBe(
      "postgresql://ci@127.0.0.1:6543/x",
    );
    expect(testDatabaseUrl({}, dotenv)).toBe("postgresql://app@localhost:5432/postgres");
    expect(testDatabaseUrl({}, undefined)).toBeUndefined();
  });

  it("sees whether anything listens at the URL", async () => {
    const server = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    expect(await isReachable(`postgresql://u@127.0.0.1:${port}/db`)).toBe(true);
    server.close();
    expect(await isReachable(`postgresql://u@127.0.0.1:${await freePort()}/db`)).toBe(false);
    expect(await isReachable("not a url")).toBe(false);
  });
});
