import { describe, expect, it } from "vitest";
import { MarkerMissingError } from "../../src/errors.js";
import { insertAboveMarker, removeInsertedLine } from "../../src/generate/edits.js";

const router = `from app.api.v1.routes import items
# create-backend: route imports

api_router.include_router(items.router)
    # create-backend: routers
`;
const importEdit = {
  file: "router.py",
  marker: "# create-backend: route imports",
  line: "from app.api.v1.routes import products",
};
const routerEdit = {
  file: "router.py",
  marker: "# create-backend: routers",
  line: "api_router.include_router(products.router)",
};

describe("marker edits", () => {
  it("insert the line right above the marker, at the marker's indentation", () => {
    const after = insertAboveMarker(insertAboveMarker(router, importEdit), routerEdit);
    expect(after).toBe(`from app.api.v1.routes import items
from app.api.v1.routes import products
# create-backend: route imports

api_router.include_router(items.router)
    api_router.include_router(products.router)
    # create-backend: routers
`);
  });

  it("are idempotent: a second run adds nothing", () => {
    const once = insertAboveMarker(router, importEdit);
    expect(insertAboveMarker(once, importEdit)).toBe(once);
  });

  it("refuse when the marker is gone", () => {
    expect(() => insertAboveMarker("nothing here\n", importEdit)).toThrow(MarkerMissingError);
    expect(() => insertAboveMarker("nothing here\n", importEdit)).toThrow(
      'router.py has lost its "# create-backend: route imports" marker comment',
    );
  });

  it("are undone exactly by removeInsertedLine", () => {
    const edited = insertAboveMarker(insertAboveMarker(router, importEdit), routerEdit);
    expect(removeInsertedLine(removeInsertedLine(edited, importEdit), routerEdit)).toBe(router);
    expect(removeInsertedLine(router, importEdit)).toBe(router);
  });
});
