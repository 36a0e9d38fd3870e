// Form fields with a visible label, hint and field-level error, wired to Conform.
import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

/**
 * Conform's metadata of a field whatever its value type: the controls read only its name,
 * id, errors and initial value. `any` because FieldMetadata is invariant in that type.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFieldMetadata = FieldMetadata<any>;

/** The look of every text input, select and textarea (labelled controls and row forms alike). */
export const inputClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 aria-[invalid=true]:border-red-500";

type InputType = "text" | "email" | "password" | "number" | "datetime-local" | "date" | "search" | "url" | "hidden";

export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <ul id={id} className="mt-1 text-sm text-red-700">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

function describedBy(meta: FieldMetadata<unknown>, hint?: ReactNode) {
  const ids = [hint ? `${meta.id}-hint` : null, meta.errors?.length ? meta.errorId : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/**
 * The value a single-value control starts with: Conform's, except that a field posted
 * twice (`title=a&title=b`, a tampered form) comes back as an array, which a plain
 * <select> must not get (React warns) and an input or textarea would show as "a,b" or
 * not at all; the first value is what the person would have sent.
 */
function single(meta: AnyFieldMetadata, conformDefault: unknown) {
  if (!Array.isArray(meta.initialValue)) return conformDefault as string | undefined;
  const first: unknown = meta.initialValue[0];
  return typeof first === "string" ? first : undefined;
}

/** The ARIA wiring every control shares: invalid state and the hint/error description. */
function ariaFor(meta: AnyFieldMetadata, hint?: ReactNode) {
  return {
    "aria-invalid": meta.errors?.length ? true : undefined,
    "aria-describedby": describedBy(meta, hint),
  } as const;
}

function Hint({ meta, hint, className = "mt-1" }: { meta: AnyFieldMetadata; hint?: ReactNode; className?: string }) {
  if (!hint) return null;
  return (
    <p id={`${meta.id}-hint`} className={`${className} text-xs text-slate-500`}>
      {hint}
    </p>
  );
}

/** Visible label above the control, hint and field errors below it. */
function LabelledControl({
  label,
  meta,
  hint,
  children,
}: {
  label: ReactNode;
  meta: AnyFieldMetadata;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={meta.id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      <Hint meta={meta} hint={hint} />
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function Field({
  label,
  meta,
  type = "text",
  hint,
  ...rest
}: { label: ReactNode; meta: AnyFieldMetadata; type?: InputType; hint?: ReactNode } & Omit<InputHTMLAttributes<HTMLInputElement>, "type">) {
  const { key, ...props } = getInputProps(meta, { type, ariaAttributes: false });
  return (
    <LabelledControl label={label} meta={meta} hint={hint}>
      <input
        key={key}
        {...props}
        defaultValue={single(meta, props.defaultValue)}
        {...rest}
        {...ariaFor(meta, hint)}
        className={inputClass}
      />
    </LabelledControl>
  );
}

export function TextareaField({
  label,
  meta,
  hint,
  ...rest
}: { label: ReactNode; meta: AnyFieldMetadata; hint?: ReactNode } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { key, ...props } = getTextareaProps(meta, { ariaAttributes: false });
  return (
    <LabelledControl label={label} meta={meta} hint={hint}>
      <textarea
        key={key}
        rows={5}
        {...props}
        defaultValue={single(meta, props.defaultValue)}
        {...rest}
        {...ariaFor(meta, hint)}
        className={inputClass}
      />
    </LabelledControl>
  );
}

export function SelectField({
  label,
  meta,
  options,
  hint,
  ...rest
}: {
  label: ReactNode;
  meta: AnyFieldMetadata;
  options: { value: string; label: string }[];
  hint?: ReactNode;
} & SelectHTMLAttributes<HTMLSelectElement>) {
  const { key, ...props } = getSelectProps(meta, { ariaAttributes: false });
  return (
    <LabelledControl label={label} meta={meta} hint={hint}>
      <select
        key={key}
        {...props}
        defaultValue={(rest.multiple ?? props.multiple) ? props.defaultValue : single(meta, props.defaultValue)}
        {...rest}
        {...ariaFor(meta, hint)}
        className={inputClass}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </LabelledControl>
  );
}

export function CheckboxField({ label, meta, hint }: { label: ReactNode; meta: AnyFieldMetadata; hint?: ReactNode }) {
  const { key, ...props } = getInputProps(meta, { type: "checkbox", ariaAttributes: false });
  return (
    <div>
      <div className="flex items-start gap-2">
        <input key={key} {...props} {...ariaFor(meta, hint)} className="mt-1 h-4 w-4 rounded border-slate-300" />
        <label htmlFor={meta.id} className="text-sm text-slate-800">
          {label}
        </label>
      </div>
      <Hint meta={meta} hint={hint} className="ml-6 mt-1" />
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** Errors that belong to the whole form (e.g. "E-mail or password is wrong."). */
export function FormErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  );
}
