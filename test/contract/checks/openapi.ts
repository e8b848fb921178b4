import { expect, it } from "vitest";
import type { Json } from "../../helpers/http.js";
import type { Stack } from "../../helpers/stacks.js";
import { account, type CtxGetter, expectError } from "../context.js";

/** `GET /items`: a route as the operation-id table names it, without the /api/v1 prefix. */
type Route = `${"GET" | "POST" | "PUT" | "PATCH" | "DELETE"} /${string}`;

/** The create, read, update and delete routes of a resource: items, and generated ones alike. */
function resourceOperations(plural: string, singular: string, id: string): Record<Route, string> {
  return {
    [`GET /${plural}`]: `list_${plural}`,
    [`POST /${plural}`]: `create_${singular}`,
    [`GET /${plural}/{${id}}`]: `get_${singular}`,
    [`PUT /${plural}/{${id}}`]: `replace_${singular}`,
    [`PATCH /${plural}/{${id}}`]: `update_${singular}`,
    [`DELETE /${plural}/{${id}}`]: `delete_${singular}`,
  };
}

/** Every operation id the stack's document must give, as api-contract.md lists them. */
function expectedOperationIds(stack: Stack, paths: string[]): Record<Route, string> {
  const has = (feature: string) => stack.answers.features.includes(feature as never);
  return {
    "GET /health": "get_health",
    // Added by the readiness check; named by the same rule as /health.
    ...(paths.includes("/api/v1/ready") && { "GET /ready": "get_ready" }),
    ...(stack.answers.auth === "jwt" && {
      "POST /auth/register": "register",
      "POST /auth/login": "login",
      "GET /auth/me": "get_me",
      "POST /auth/refresh": "refresh",
      "POST /auth/logout": "logout",
      "POST /auth/logout-all": "logout_all",
      "PUT /auth/password": "change_password",
      "POST /auth/password-reset": "request_password_reset",
      "POST /auth/password-reset/confirm": "confirm_password_reset",
      "GET /users": "list_users",
      "GET /users/{user_id}": "get_user",
      "PATCH /users/{user_id}": "update_user",
      "DELETE /users/{user_id}": "delete_user",
    }),
    ...resourceOperations("items", "item", "item_id"),
    ...(has("uploads") && {
      "POST /uploads": "create_upload",
      "GET /uploads/{upload_id}": "download_upload",
    }),
    ...(has("tasks") && { "POST /tasks": "create_task", "GET /tasks/{task_id}": "get_task" }),
    // The resources the harness generates (CONTRACT_RESOURCE, CONTRACT_CHILD_RESOURCE).
    ...resourceOperations("products", "product", "product_id"),
    ...resourceOperations("reviews", "review", "review_id"),
    "GET /products/{product_id}/reviews": "list_reviews_of_product",
  };
}

/** Each operation of the document as `METHOD /path` (prefix dropped) with its operation id. */
function operationIds(doc: Json): Record<string, string> {
  const named: Record<string, string> = {};
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const [method, operation] of Object.entries<Json>(item)) {
      named[`${method.toUpperCase()} ${path.replace(/^\/api\/v1/, "")}`] = operation.operationId;
    }
  }
  return named;
}

/**
 * What a client generator makes of the document: method names from the operation
 * ids, parameter types from the schemas. Short ids and integer path ids give
 * `listItems()` and `getItem(itemId: number)`, not `listItemsApiV1ItemsGet(itemId: string)`.
 */
export function openapiChecks(get: CtxGetter, stack: Stack): void {
  it("every operation id is the short name of api-contract.md, the same on both frameworks", async () => {
    const doc = (await get().client.get("/openapi.json")).json;
    expect(operationIds(doc)).toEqual(expectedOperationIds(stack, Object.keys(doc.paths)));
  });

  it("every path id is documented as an integer from 1 to the largest id, and anything else is a 404", async () => {
    const ctx = get();
    const doc = (await ctx.client.get("/openapi.json")).json;
    const { token } = await account(ctx);
    const withIds = Object.entries<Json>(doc.paths).filter(([path]) => path.includes("{"));
    expect(withIds.length).toBeGreaterThan(0);
    for (const [path, item] of withIds) {
      for (const [method, operation] of Object.entries<Json>(item)) {
        const parameters = operation.parameters.filter((p: Json) => p.in === "path");
        expect(parameters, `${method} ${path}`).toHaveLength(1);
        expect(parameters[0].schema, `${method} ${path}`).toMatchObject({
          type: "integer",
          minimum: 1,
          maximum: 2 ** 31 - 1,
        });
      }
      if (!item.get) continue;
      // Outside the documented range or not an integer: the 404 of an unknown id, never a 422.
      for (const id of ["abc", "0", "-1", "1.5", String(2 ** 31), String(2 ** 31 - 1)]) {
        const target = path.replace(/^\/api\/v1/, "").replace(/\{\w+\}/, id);
        expectError(await ctx.client.get(target, { token }), 404, "NOT_FOUND");
      }
    }
  });
}
