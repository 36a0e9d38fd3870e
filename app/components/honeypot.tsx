// The honeypot input for public forms (see utils/honeypot.server.ts). It is a real text
// input, not type=hidden, so form-filling bots fill it; people never meet it: the
// wrapper is off-screen and aria-hidden, the input is out of the tab order and the
// browser is asked not to autofill it.
import { HONEYPOT_FIELD } from "~/utils/honeypot";

export function HoneypotField() {
  return (
    <div aria-hidden="true" className="absolute -left-[10000px] top-auto h-px w-px overflow-hidden">
      <label htmlFor={`${HONEYPOT_FIELD}-field`}>Leave this field empty</label>
      <input id={`${HONEYPOT_FIELD}-field`} type="text" name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}
