// Deterministic pseudo-random numbers and text for the benchmark data set. The same
// seed gives the same data, so runs are comparable.

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

/** Words people write in engineering notes; the head of the distribution. */
export const COMMON_WORDS = (
  "team teams deployment deploy testing tests kubernetes service services latency incident incidents " +
  "postmortem onboarding review reviews release releases pipeline pipelines monitoring alerting on-call " +
  "database databases migration migrations schema cache caching queue queues kafka postgres sqlite redis " +
  "frontend backend api apis graphql rest contract contracts design system systems architecture platform " +
  "observability tracing logging metrics dashboard dashboards sli slo budget error errors retry retries " +
  "feature flags rollout rollback canary blue green staging production environment environments cost " +
  "security secrets rotation access audit compliance privacy gdpr consent data model models training " +
  "inference evaluation prompt experiment experiments hypothesis product discovery roadmap planning " +
  "estimation sprint kanban retro retrospective pairing mob programming code ownership documentation " +
  "decision decisions adr trade-off trade-offs performance load benchmark profiling memory cpu " +
  "throughput scaling sharding replication backup restore disaster recovery hiring interview career " +
  "growth mentoring feedback culture remote hybrid meeting meetings focus time debt refactoring legacy " +
  "monolith microservices modular boundaries domain events messaging consistency idempotency outbox " +
  "accessibility mobile android ios web browser react typescript javascript python go rust java kotlin"
).split(/\s+/);

/** Glue words that make sentences read like sentences. */
const GLUE = "we the a our it is was to of and in for with on how why what when they this that more less than after before".split(" ");

const SYLLABLES = "ka lo mi ne ru ta vo zi pe qua sto bri dex fen gal hor jun kel mor nix pol rav sil tor ulm vex wyn yor zan".split(" ");

/** A long tail of rare, made-up terms (project code names), each in only a few notes. */
export function rareWords(count: number, random: Rng) {
  const words = new Set<string>();
  while (words.size < count) {
    const n = random.int(3, 4);
    let w = "";
    for (let i = 0; i < n; i++) w += random.pick(SYLLABLES);
    words.add(w);
  }
  return [...words];
}

/** Zipf-like pick: index i is chosen with weight ~ 1/(i+1). */
export function zipfPicker(size: number, random: Rng) {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < size; i++) {
    total += 1 / (i + 1);
    cumulative[i] = total;
  }
  return () => {
    const x = random.next() * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export function sentence(random: Rng, pickCommon: () => string, words: number) {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) parts.push(random.chance(0.35) ? random.pick(GLUE) : pickCommon());
  const s = parts.join(" ");
  return s.charAt(0).toUpperCase() + s.slice(1) + ".";
}
