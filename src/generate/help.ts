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

Owners (JWT projects): each row's owner_id is set from the creator's token, and
only the owner changes or deletes it; everyone signed in or not reads it.
  --private   only the owner reads it too: others get 404, lists show their own
  --no-owner  no owner_id: any signed-in user creates, changes and deletes rows
Deleting a user deletes the rows they own.

Names are snake_case; the resource's plural comes from an inflection library
(person → people, category → categories) unless --plural says otherwise.
Python keywords, builtins, SQL reserved words and names the project already
uses are refused.

Example:
  create-backend generate resource product name:string price:decimal stock:int? \\
    sku:string(40):unique released:date
  create-backend generate resource review product:ref(product):cascade rating:int
  create-backend generate resource note title:string body:text --private
`;
