import { FIELD_TYPES } from "./fields.js";

/** The field DSL, as `generate resource --help` documents it. */
export const FIELD_HELP = `
Fields: name:type[?][:modifier...]
  types      ${FIELD_TYPES.filter((t) => t !== "ref").join(", ")},
             string(120) for a maximum length (default 255),
             ref(<resource>) for a foreign key to an existing resource
             (the column is <name>_id)
  ?          optional / nullable, e.g. stock:int?
  modifiers  unique, index, default=<literal> (everything after "default="
             is the literal, colons included)
  on delete  of the row a ref points at: refused while referred to (409),
             unless ref(x):cascade (this row goes too) or ref(x)?:set-null
             (optional refs: the reference is cleared)

Names are snake_case; the resource's plural comes from an inflection library
(person → people, category → categories) unless --plural says otherwise.
Python keywords, builtins, SQL reserved words and names the project already
uses are refused.

Example:
  create-backend generate resource product name:string price:decimal stock:int? \\
    sku:string(40):unique released:date
  create-backend generate resource review product:ref(product):cascade rating:int
`;
