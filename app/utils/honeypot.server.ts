// A honeypot field for public forms: people never see it (it is moved off-screen and
// hidden from screen readers), naive bots fill every input they find. A filled honeypot
// ends the request with 400 before anything is validated or written.
import { HONEYPOT_FIELD } from "~/utils/honeypot";

/** True when the honeypot field carries any value. */
export function isHoneypotFilled(formData: FormData) {
  const value = formData.get(HONEYPOT_FIELD);
  return typeof value === "string" ? value.length > 0 : value !== null;
}

/** Throws a 400 Response when the honeypot was filled in. Call before any write. */
export function checkHoneypot(formData: FormData) {
  if (isHoneypotFilled(formData)) {
    throw new Response("This form could not be accepted. If you are a person, please reload the page and try again.", {
      status: 400,
    });
  }
}
