/**
 * A response body as the tests read it: shapes are asserted field by field
 * with expect(), so a static type would only restate those assertions.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above; every use is followed by expect().
export type Json = any;

export async function body(res: Response): Promise<Json> {
  return (await res.json()) as Json;
}
