// The fields that create an account (name, e-mail, password, organisation): the sign-up page
// and a visitor's registration show the same ones, checked by the same newAccountShape.
import type { FieldMetadata } from "@conform-to/react";
import { Field } from "~/components/forms";

type AccountField = FieldMetadata<string | undefined>;

export function NewAccountFields({
  fields,
  passwordHint,
  organisationHint,
}: {
  fields: { name: AccountField; email: AccountField; password: AccountField; organisation: AccountField };
  passwordHint: string;
  organisationHint: string;
}) {
  return (
    <>
      <Field label="Name" meta={fields.name} autoComplete="name" />
      <Field label="E-mail" meta={fields.email} type="email" autoComplete="email" />
      <Field label="Password" meta={fields.password} type="password" autoComplete="new-password" hint={passwordHint} />
      <Field label="Organisation" meta={fields.organisation} autoComplete="organization" hint={organisationHint} />
    </>
  );
}
