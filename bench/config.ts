// Sizes and durations of the full run and of `--quick` (what CI runs).

export type Sizes = {
  organisations: number;
  users: number;
  events: number;
  /** Confirmed registrations on the main event (they also vote, star and hold sessions). */
  mainRegistrations: number;
  topics: number;
  votes: number;
  votesPerPerson: number;
  rooms: number;
  slots: number;
  notes: number;
  /** Registration burst: this many people try for `burstSeats` seats at once. */
  burstUsers: number;
  burstSeats: number;
};

export type Durations = {
  /** Seconds per throughput scenario. */
  seconds: number;
  /** Seconds of the same load before measuring, on the same connections. */
  warmUpSeconds: number;
  connections: number;
  /** SSE fan-out client counts, one step each. */
  sseClients: number[];
  /** Votes per SSE step, each measured to every client. */
  sseVotes: number;
  /** Clients in the step where every client also reloads the board data per frame. */
  sseReloadClients: number;
  /** Sequential search requests for the server-time percentiles. */
  searchSamples: number;
};

export const FULL: { sizes: Sizes; load: Durations } = {
  sizes: {
    organisations: 20,
    users: 5_000,
    events: 50,
    mainRegistrations: 1_000,
    topics: 100,
    votes: 3_000,
    votesPerPerson: 5,
    rooms: 8,
    slots: 10,
    notes: 100_000,
    burstUsers: 500,
    burstSeats: 100,
  },
  load: {
    seconds: 10,
    warmUpSeconds: 2,
    connections: 50,
    sseClients: [1_000, 2_000],
    sseVotes: 5,
    sseReloadClients: 1_000,
    searchSamples: 600,
  },
};

export const QUICK: { sizes: Sizes; load: Durations } = {
  sizes: {
    organisations: 4,
    users: 400,
    events: 8,
    mainRegistrations: 150,
    topics: 20,
    votes: 300,
    votesPerPerson: 5,
    rooms: 8,
    slots: 10,
    notes: 3_000,
    burstUsers: 100,
    burstSeats: 20,
  },
  load: { seconds: 2, warmUpSeconds: 0.5, connections: 20, sseClients: [100], sseVotes: 3, sseReloadClients: 50, searchSamples: 60 },
};
