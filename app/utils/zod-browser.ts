// What the browser build gets for `import { z } from "zod"` (package.json "browser" maps
// it here; the server and the tests use zod itself). The same classic zod, so the same
// checks and messages, without what `zod`'s own `z` drags along: it is a namespace object
// handed out whole, and a bundler keeps every export of such an object, every locale and
// the JSON-schema converters included, about 350 kB the browser never runs (ADR 020).
// A constructor the app uses but this list lacks is caught by tests/client-bundle.test.ts.
//
// Property reads of a namespace import that never escapes are bound statically, so only
// these constructors (and what they use) are bundled.
import * as classic from "zod/v4";

export const z = {
  any: classic.any,
  array: classic.array,
  bigint: classic.bigint,
  boolean: classic.boolean,
  coerce: classic.coerce,
  custom: classic.custom,
  date: classic.date,
  discriminatedUnion: classic.discriminatedUnion,
  email: classic.email,
  enum: classic.enum,
  httpUrl: classic.httpUrl,
  instanceof: classic.instanceof,
  int: classic.int,
  intersection: classic.intersection,
  lazy: classic.lazy,
  literal: classic.literal,
  looseObject: classic.looseObject,
  nativeEnum: classic.nativeEnum,
  never: classic.never,
  null: classic.null,
  nullable: classic.nullable,
  nullish: classic.nullish,
  number: classic.number,
  object: classic.object,
  optional: classic.optional,
  pipe: classic.pipe,
  preprocess: classic.preprocess,
  record: classic.record,
  refine: classic.refine,
  strictObject: classic.strictObject,
  string: classic.string,
  superRefine: classic.superRefine,
  transform: classic.transform,
  tuple: classic.tuple,
  undefined: classic.undefined,
  union: classic.union,
  unknown: classic.unknown,
  url: classic.url,
  uuid: classic.uuid,
  NEVER: classic.NEVER,
  ZodError: classic.ZodError,
};
