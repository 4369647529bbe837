// What `kaiku`'s exit status means, for scripts and supervisors.

export const EXIT = { ok: 0, failure: 1, usage: 2, partial: 3, interrupted: 130 } as const;

/** Each code and what it means: printed by `kaiku --help` and listed in the README. */
export const EXIT_CODE_HELP: readonly (readonly [number, string])[] = [
  [EXIT.ok, 'done (dev, worker and serve: stopped cleanly by SIGTERM or SIGINT)'],
  [EXIT.failure, 'failed: Temporal, the database or mail did not answer, no worker runs, or what was named does not exist'],
  [EXIT.usage, 'usage or configuration error: an unknown command or option, a missing argument, a bad kaiku.yaml or variable; nothing was changed'],
  [EXIT.partial, 'rows refused: `advocates import` imported the good rows (if any) and listed each refused one with its line'],
  [EXIT.interrupted, 'a second SIGINT or SIGTERM while stopping: exited at once, without a clean stop'],
];
