// /events/:slug/join?key=…&board=<id>: where the join link and QR code lead (issue 17.1); joining as a
// guest needs the event's join key (ADR 028), the board is optional.
import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/button";
import { Card, PageHeader } from "~/components/card";
import { Field, FormErrors } from "~/components/forms";
import { HoneypotField } from "~/components/honeypot";
import { useZodForm } from "~/components/use-zod-form";
import { joinPageAction, loadJoinPage } from "~/guests/join-page.server";
import { GUEST_NAME_MAX, guestJoinSchema } from "~/guests/join-schema";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Join ${data?.event.title ?? "the exchange"} · Knowledge Exchange` },
];

export const loader = ({ request, params }: LoaderFunctionArgs) => loadJoinPage(request, params.slug);

export const action = ({ request, params, context }: ActionFunctionArgs) => joinPageAction(request, params.slug, context);

export default function JoinPage() {
  const { event, boardTitle, refusal, loginPath } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(guestJoinSchema, { lastResult });
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title={`Join ${event.title}`} subtitle={boardTitle ? `Board: ${boardTitle}` : undefined} />
      {refusal ? (
        <Card>
          <p>{refusal}</p>
        </Card>
      ) : (
        <Card>
          <h2 className="mb-1 text-xl font-semibold">Join as a guest</h2>
          <p className="mb-4 text-sm text-slate-600">
            Propose topics and vote on this exchange&apos;s boards with just a name. It works only here, on this device, until the day after
            the event; see the <Link to="/privacy">privacy notice</Link>.
          </p>
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <FormErrors id={form.errorId} errors={form.errors} />
            <HoneypotField />
            <Field
              label="Name"
              meta={fields.name}
              autoComplete="name"
              maxLength={GUEST_NAME_MAX}
              hint="Shown on your topics to everyone at the board."
            />
            <Button className="w-full">Join as a guest</Button>
          </Form>
        </Card>
      )}
      <p className="mt-4 text-center text-sm text-slate-600">
        Have an account? <Link to={loginPath}>Log in</Link>
      </p>
      {/* Without guests this page must not end at "Log in" for someone who has no account yet. */}
      <p className="mt-2 text-center text-sm text-slate-600">
        New here? <Link to={`/events/${event.slug}/register`}>Register for this exchange</Link>
      </p>
    </div>
  );
}
