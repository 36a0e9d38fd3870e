// A tiny SSE client on fetch for tests: collects the frames of a live stream as they arrive.
const decoder = new TextDecoder();

/** Opens `url` as an event stream; `next` waits for a frame matching the predicate. */
export async function openStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { Accept: "text/event-stream", ...headers }, signal: controller.signal });
  const frames: { id?: string; event?: string; data?: string; at: number }[] = [];
  let text = "";
  const waiters: (() => void)[] = [];
  const reader = response.body!.getReader();
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = text.indexOf("\n\n")) >= 0) {
          const block = text.slice(0, cut);
          text = text.slice(cut + 2);
          const frame: (typeof frames)[number] = { at: performance.now() };
          for (const line of block.split("\n")) {
            const [key, ...rest] = line.split(": ");
            if (key === "id" || key === "event" || key === "data") frame[key] = rest.join(": ");
          }
          if (frame.event) frames.push(frame);
          waiters.splice(0).forEach((w) => w());
        }
      }
    } catch {
      // aborted
    }
  })();
  async function next(predicate: (f: (typeof frames)[number]) => boolean, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = frames.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(frames)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
  return { response, frames, next, close: () => controller.abort() };
}

/** Polls `check` until it holds (a positive wait, never a sleep before a negative check); generous for a loaded CI machine. */
export const waitFor = async (check: () => boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
};
