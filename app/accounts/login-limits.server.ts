// Brute-force limits on password log-in (rate-limiter-flexible's login pattern, on the
// shared SQLite store of app/utils/rate-limit.server.ts):
// - consecutive failures per (e-mail, address) pair: a few free, then blocks that double
//   (1 minute, 2, 4 … up to an hour) with one attempt after each; a success clears them;
// - failures per address per day, across all accounts, and attempts of any outcome per
//   address per minute (each one costs a hash);
// - failures per account per hour, across all addresses: once over, only pairs without
//   failures get their attempt, so a stranger slows guessing down but cannot lock the
//   owner out of their own address.
// An attempt is RESERVED before the password hash (its points are taken first and given
// back on success), so guesses sent at once cannot all be checked.
import type { RateLimiterRes } from "rate-limiter-flexible";
import { normaliseEmail } from "~/accounts/users.server";
import { consumePoint, retryAfterSeconds, storeLimiter } from "~/utils/rate-limit.server";

const HOUR = 60 * 60;
const DAY = 24 * HOUR;

export const LOGIN_LIMITS = {
  freeFailuresPerPair: 5,
  /** How long a pair's consecutive failures (and its blocks) are remembered. */
  pairMemorySeconds: DAY,
  firstBlockSeconds: 60,
  maxBlockSeconds: HOUR,
  failuresPerAddressPerDay: 100,
  attemptsPerAddressPerMinute: 60,
  failuresPerAccountPerHour: 50,
};

const limiters = () => ({
  failuresByPair: storeLimiter({
    keyPrefix: "login_fail_pair",
    points: LOGIN_LIMITS.freeFailuresPerPair,
    durationSeconds: LOGIN_LIMITS.pairMemorySeconds,
  }),
  // Used only for block() and get(): a blocked key holds more points than this 1.
  blockByPair: storeLimiter({ keyPrefix: "login_block_pair", points: 1, durationSeconds: LOGIN_LIMITS.pairMemorySeconds }),
  // How many blocks the pair has had: each one doubles the next.
  blocksByPair: storeLimiter({ keyPrefix: "login_blocks_pair", points: 1_000_000, durationSeconds: LOGIN_LIMITS.pairMemorySeconds }),
  failuresByAddress: storeLimiter({
    keyPrefix: "login_fail_ip",
    points: LOGIN_LIMITS.failuresPerAddressPerDay,
    durationSeconds: DAY,
  }),
  attemptsByAddress: storeLimiter({
    keyPrefix: "login_attempt_ip",
    points: LOGIN_LIMITS.attemptsPerAddressPerMinute,
    durationSeconds: 60,
  }),
  failuresByAccount: storeLimiter({
    keyPrefix: "login_fail_account",
    points: LOGIN_LIMITS.failuresPerAccountPerHour,
    durationSeconds: HOUR,
  }),
});

export type LoginAttempt =
  { allowed: false; retryAfter: number; message: string } | { allowed: true; succeeded: () => Promise<void>; failed: () => Promise<void> };

const PAIR_MESSAGE = "Too many failed log-ins for this e-mail address from your network.";
const ADDRESS_MESSAGE = "Too many failed log-ins from your network.";
const BUSY_ADDRESS_MESSAGE = "Too many log-ins from your network.";
const ACCOUNT_MESSAGE = "Too many failed log-ins for this e-mail address.";

function refused(retryAfter: number, message: string): LoginAttempt {
  return { allowed: false, retryAfter, message };
}

/** Block length after the pair's `blocks`-th block: doubling from the first, up to the cap. */
export function blockSeconds(blocks: number) {
  return Math.min(LOGIN_LIMITS.firstBlockSeconds * 2 ** Math.max(0, blocks - 1), LOGIN_LIMITS.maxBlockSeconds);
}

/** The pair's block, or null when it is not blocked. */
async function pairBlock(limit: ReturnType<typeof limiters>, pair: string) {
  const block = await limit.blockByPair.get(pair);
  return block && block.consumedPoints > limit.blockByPair.points ? block : null;
}

const isOver = (res: RateLimiterRes | null, points: number) => res !== null && res.consumedPoints >= points;

/**
 * Reserves one password check for `email` from `ip`, before the hash. When allowed,
 * call `succeeded()` or `failed()` once the password is checked; when refused, answer
 * 429 with `retryAfter` (seconds) and `message` and check nothing.
 */
export async function reserveLoginAttempt(email: string, ip: string | null): Promise<LoginAttempt> {
  const limit = limiters();
  const account = normaliseEmail(email);
  const pair = `${account}|${ip ?? "unknown"}`;
  const address = ip ?? "unknown";

  const addressAttempt = await consumePoint(limit.attemptsByAddress, address);
  if (!addressAttempt.allowed) return refused(retryAfterSeconds(addressAttempt.res), BUSY_ADDRESS_MESSAGE);

  // While blocked, no failure is counted.
  const blocked = await pairBlock(limit, pair);
  if (blocked) return refused(retryAfterSeconds(blocked), PAIR_MESSAGE);

  const accountFailures = await limit.failuresByAccount.get(account);
  const accountCapped = isOver(accountFailures, limit.failuresByAccount.points);

  // The reservation: the pair's point is taken now, so parallel guesses queue on it.
  const reservation = await consumePoint(limit.failuresByPair, pair);
  const pairFailures = reservation.res.consumedPoints;
  if (!reservation.allowed || (accountCapped && pairFailures > 1)) {
    // A refused attempt is not a failure: give the point back so that only checked
    // passwords count.
    await limit.failuresByPair.reward(pair);
    if (reservation.allowed) return refused(retryAfterSeconds(accountFailures!), ACCOUNT_MESSAGE);
    // Other attempts of this pair are being checked; the next wait is at least a block.
    const blocks = await limit.blocksByPair.get(pair);
    return refused(blockSeconds((blocks?.consumedPoints ?? 0) + 1), PAIR_MESSAGE);
  }
  // A block set since the look above (`failed()` blocks before it gives its point back,
  // so a reservation that got that point always sees the block here).
  const blockedMeanwhile = await pairBlock(limit, pair);
  if (blockedMeanwhile) {
    await limit.failuresByPair.reward(pair);
    return refused(retryAfterSeconds(blockedMeanwhile), PAIR_MESSAGE);
  }
  const addressReservation = await consumePoint(limit.failuresByAddress, address);
  if (!addressReservation.allowed) {
    await limit.failuresByPair.reward(pair);
    await limit.failuresByAddress.reward(address);
    return refused(retryAfterSeconds(addressReservation.res), ADDRESS_MESSAGE);
  }
  await limit.failuresByAccount.penalty(account);

  return {
    allowed: true,
    async succeeded() {
      await limit.failuresByPair.delete(pair);
      await limit.blocksByPair.delete(pair);
      await limit.failuresByAddress.reward(address);
      await limit.failuresByAccount.reward(account);
    },
    async failed() {
      if (pairFailures < limit.failuresByPair.points) return;
      // The pair's last free attempt failed: block it, then leave exactly one attempt
      // for when the block ends (its point is given back).
      const blocks = await limit.blocksByPair.penalty(pair);
      await limit.blockByPair.block(pair, blockSeconds(blocks.consumedPoints));
      await limit.failuresByPair.reward(pair);
    },
  };
}
