// Delivers queued e-mails over SMTP (nodemailer) when SMTP_URL is set. A message is
// claimed with a lease before sending, so a crash mid-send retries it later instead of
// losing it; failures back off exponentially and end as `failed` (still in the table,
// visible at /outbox, and re-queueable) after MAX_ATTEMPTS.
import nodemailer from "nodemailer";
import { and, asc, eq, inArray, lte } from "drizzle-orm";
import { getDb, writeTransaction } from "#db/client";
import { outbox } from "#db/schema";
import { getEnv } from "~/utils/env.server";

export const MAX_ATTEMPTS = 10;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;
/** How long a claimed message is hidden from other runs while it is being sent. */
const LEASE_MS = 5 * 60_000;

/** Delay before the next attempt after `attempts` failures: 30 s, 1 min, 2 min … capped at 1 h. */
export function backoffMs(attempts: number, baseDelayMs = BASE_DELAY_MS) {
  return Math.min(MAX_DELAY_MS, baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

export type MailTransport = {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    headers?: Record<string, string>;
    replyTo?: string;
    attachments?: { filename: string; content: string; contentType: string }[];
  }): Promise<unknown>;
  close?: () => void;
};

/** MAIL_FROM, else no-reply at the host of BASE_URL. */
export function defaultFromAddress() {
  const { MAIL_FROM, BASE_URL: base } = getEnv();
  if (MAIL_FROM) return MAIL_FROM;
  const host = base ? new URL(base).hostname : "knowledge-exchange.local";
  return `Knowledge Exchange <no-reply@${host}>`;
}

export function createSmtpTransport(smtpUrl: string): MailTransport {
  return nodemailer.createTransport(smtpUrl);
}

const formatAddress = (email: string, name: string | null) => (name ? `"${name.replace(/["\\\r\n]/g, "")}" <${email}>` : email);

export type DeliveryResult = { sent: number; retrying: number; failed: number };

/** Sends every message that is due now (up to `limit`). */
export async function deliverDueMessages(options: {
  transport: MailTransport;
  from?: string;
  now?: () => Date;
  limit?: number;
  baseDelayMs?: number;
}): Promise<DeliveryResult> {
  const db = getDb();
  const clock = options.now ?? (() => new Date());
  const from = options.from ?? defaultFromAddress();
  const claimedAt = clock();
  const due = writeTransaction(db, (tx) => {
    const rows = tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, "queued"), lte(outbox.nextAttemptAt, claimedAt)))
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(options.limit ?? 25)
      .all();
    if (rows.length) {
      tx.update(outbox)
        .set({ nextAttemptAt: new Date(claimedAt.getTime() + LEASE_MS) })
        .where(
          inArray(
            outbox.id,
            rows.map((r) => r.id),
          ),
        )
        .run();
    }
    return rows;
  });

  const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0 };
  for (const message of due) {
    const attempts = message.attempts + 1;
    try {
      await options.transport.sendMail({
        from,
        to: formatAddress(message.toEmail, message.toName),
        subject: message.subject,
        text: message.textBody,
        headers: { "X-KX-Outbox-Id": String(message.id) },
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        ...(message.icsAttachment
          ? {
              attachments: [
                { filename: "event.ics", content: message.icsAttachment, contentType: "text/calendar; charset=utf-8; method=PUBLISH" },
              ],
            }
          : {}),
      });
      db.update(outbox).set({ status: "sent", sentAt: clock(), attempts, lastError: null }).where(eq(outbox.id, message.id)).run();
      result.sent += 1;
    } catch (error) {
      const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      const giveUp = attempts >= MAX_ATTEMPTS;
      db.update(outbox)
        .set({
          status: giveUp ? "failed" : "queued",
          attempts,
          lastError,
          nextAttemptAt: new Date(clock().getTime() + backoffMs(attempts, options.baseDelayMs)),
        })
        .where(eq(outbox.id, message.id))
        .run();
      if (giveUp) result.failed += 1;
      else result.retrying += 1;
    }
  }
  return result;
}

/** Polls the outbox every `intervalMs` and delivers what is due; runs never overlap. */
export function startOutboxWorker(options: { transport: MailTransport; from?: string; intervalMs?: number; baseDelayMs?: number }) {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (stopped) return Promise.resolve();
    running ??= deliverDueMessages(options)
      .catch((error) => console.error("outbox delivery failed", error))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(tick, options.intervalMs ?? 5_000);
  timer.unref?.();
  void tick();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      options.transport.close?.();
    },
  };
}

/** The startup job: deliver over SMTP when SMTP_URL is set; otherwise the queue waits at /outbox. */
export function startOutboxDelivery() {
  const smtpUrl = getEnv().SMTP_URL;
  if (!smtpUrl) return { stop() {} };
  const worker = startOutboxWorker({ transport: createSmtpTransport(smtpUrl) });
  return {
    stop() {
      void worker.stop();
    },
  };
}
