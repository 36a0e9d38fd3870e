// Which fields of a page's data a shared document template may carry (ADR 023). Every
// field of the data is classified, and the type makes the list exhaustive: a field added
// to the data without a rule fails the build. The template's data is then built from that
// list, key by key, never by copying an object: a field nobody classified is left out.
//
// - "shared": the same for everyone the template serves (the key of the template must name
//   whatever it depends on, e.g. the viewer's role);
// - personal: differs between viewers. `blank` is its value in the template's data (so
//   nothing of the viewer who taught the template ends up in what is shared); `other` is a
//   different viewer's value, for the second viewer every template is checked against
//   (it must differ from the value it is given wherever the value shows on the page).

export type Personal<V> = { readonly blank: (value: V) => V; readonly other: (value: V) => V };
export type FieldRule<V> = "shared" | Personal<V>;
/** One rule for every field of T, optional ones too: a missing or unknown key does not compile. */
export type FieldRules<T> = Rules<T, keyof Required<T>>;
// Not `[K in keyof T]`: that form would split a union T (a page with and without a board)
// into one set of rules per member.
type Rules<T, Keys extends keyof T> = { readonly [K in Keys]: FieldRule<T[K]> };

function build<T extends object>(value: T, rules: FieldRules<T>, take: keyof Personal<unknown>): T {
  const built: Partial<Record<keyof T, unknown>> = {};
  for (const key of Object.keys(rules) as (keyof T)[]) {
    const rule = rules[key] as FieldRule<T[keyof T]>;
    const field = rule === "shared" ? value[key] : rule[take](value[key]);
    if (field !== undefined) built[key] = field;
  }
  return built as T;
}

/** `value` with every personal field blanked and nothing that is not in `rules`. */
export const blankedFields = <T extends object>(value: T, rules: FieldRules<T>) => build(value, rules, "blank");

/** `value` as another viewer would see it: shared fields kept, personal ones changed. */
export const otherViewersFields = <T extends object>(value: T, rules: FieldRules<T>) => build(value, rules, "other");

/** A field that is an object (or null) whose own fields are classified by `rules`. */
export function fieldsOf<T extends object>(rules: FieldRules<T>): Personal<T | null> {
  return {
    blank: (value) => value && blankedFields(value, rules),
    other: (value) => value && otherViewersFields(value, rules),
  };
}

/** A field that is a list of objects classified by `rules`. */
export function listOf<T extends object>(rules: FieldRules<T>): Personal<T[]> {
  return {
    blank: (list) => list.map((item) => blankedFields(item, rules)),
    other: (list) => list.map((item) => otherViewersFields(item, rules)),
  };
}

/** A personal field: `blank` in the template's data, `other(value)` for the second viewer. */
export const personal = <V>(blank: NoInfer<V>, other: (value: NoInfer<V>) => NoInfer<V>): Personal<V> => ({ blank: () => blank, other });

/**
 * A personal field of data whose second viewer is made another way (the header: the root
 * loader's own function, run for a made-up person). Asking it for another viewer's value
 * is a mistake, and throws.
 */
export const blankOnly = <V>(blank: NoInfer<V>): Personal<V> => ({
  blank: () => blank,
  other: () => {
    throw new Error("template fields: this field's second viewer is not made from its rules");
  },
});
