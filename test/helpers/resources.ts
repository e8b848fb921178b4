/**
 * The resources every stack's generate test adds: one with every field type, one
 * referencing it (required, refused delete) and an item (optional, set-null), and a tree.
 */
export const EVERY_TYPE = [
  "gadget",
  "name:string(80)",
  "notes:text?",
  "stock:int:default=0",
  "weight:float?",
  "price:decimal",
  "active:bool:default=true",
  "released:date?",
  "launched_at:datetime?",
  "code:uuid?",
  "contact:email?",
  "specs:json?",
  "sku:string(40):unique",
  "rank:int?:index",
];

export const REFERENCING = [
  "review",
  "gadget:ref(gadget)",
  "featured:ref(item)?:set-null",
  "rating:int",
  "body:text?",
];

export const SELF_REFERENCING = ["category", "name:string(60)", "parent:ref(category)?:cascade"];
