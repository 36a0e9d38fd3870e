// What a vote on the board answers, shared by the domain (which computes it) and the
// board page (which shows it from a live frame or the dot endpoint's reply). Types only,
// so the browser bundle pulls in nothing of the server.

/** A topic's Roman vote counts in one round (a round per time-box extension). */
export type RomanCounts = { round: number; continue: number; neutral: number; move_on: number };

/** The Roman vote as one viewer sees it: the counts, the viewer's own vote, and whether it is open. */
export type RomanTally = RomanCounts & { mine: string | null; open: boolean };

/**
 * The state after one's own dot vote, for the voter's page to show without reloading:
 * the topic's tally (null when hidden from the voter), the voter's dots on it, dots left,
 * and `live`, the id of the frame that announced it (the page's revision from then on).
 */
export type DotVoteResult = { topicId: number; votes: number | null; myVotes: number; dotsLeft: number; live: string };
