/**
 * The local host's log: lines written during one turn of the event loop go out in one write.
 *
 * Why: the host logs every request, and a write to the terminal or a pipe is a system call of its own;
 * under a burst of requests that was about 1.5 % of the host's CPU (docs/performance.md, "Wave 7").
 * Order is kept, each line is stamped when it is logged, and whatever is pending is written before the
 * process exits, so `stopped` and the lines before it are never lost.
 */
export function turnLog(
  write: (text: string) => void,
  now: () => Date = () => new Date(),
): { log: (line: string) => void; flush: () => void } {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    write(text);
  };
  return {
    log: (line: string) => {
      pending.push(`${now().toISOString()} ${line}\n`);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
