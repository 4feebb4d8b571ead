// Where to split a failing batch: a small minimax table, so bisection needs the fewest validation runs.
//
// The planner validates queue prefixes. Plain halving finds one culprit in 16 with 6 runs, but two
// culprits can take 11 (find the first, re-test the whole rest, halve again, re-test what is left).
// Choosing each prefix length by minimax over "at most PLANNED_CULPRITS culprits left" keeps two
// culprits in 16 within 10 runs for every placement (9.4 on average, halving 10.2); the price is paid
// when there is exactly one: at most 9 runs, 7.7 on average, against halving's 6 and 5.9.

/** How many culprits per batch the split points are tuned for, unless the batch's policy says otherwise. */
export const PLANNED_CULPRITS = 2;

/**
 * Worst-case runs still needed; index j is the case "at most `left - j` culprits remain in the queue",
 * undefined where that case contradicts what is known (a known-failing prefix holds at least one).
 */
type Worst = readonly (number | undefined)[];

interface Choice {
  worst: Worst;
  probe: number;
}

/** Picks prefix lengths to validate; built once per plan, it memoizes the table it needs. */
export interface SplitTable {
  /**
   * The prefix length to validate next, given the queue length, the shortest prefix known to fail
   * (0 when none is known) and the culprits already found in this plan.
   */
  probe(queue: number, knownFail: number, culpritsFound: number): number;
}

function worse(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

/** Lexicographic order on worst cases, the most culprits first; impossible cases count as cheapest. */
function cheaper(a: Worst, b: Worst): boolean {
  for (let j = 0; j < a.length; j++) {
    const x = a[j] ?? -1;
    const y = b[j] ?? -1;
    if (x !== y) return x < y;
  }
  return false;
}

/** Builds the memoized minimax table, tuned for `planned` culprits per batch (2; 1 is plain halving's worst case). */
export function splitTable(planned = PLANNED_CULPRITS): SplitTable {
  const memo = new Map<string, Choice>();

  // n: queue length; hi: shortest prefix known to fail (0: none); left: culprits assumed to remain.
  const solve = (n: number, hi: number, left: number): Choice => {
    const key = `${n}/${hi}/${left}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let choice: Choice;
    if (n === 0) {
      choice = { worst: new Array<number>(left + 1).fill(0), probe: 0 };
    } else if (hi === 1) {
      // The head of the queue is a culprit: it leaves, and with it one culprit.
      choice = { worst: [...solve(n - 1, 0, left - 1).worst, undefined], probe: 0 };
    } else {
      choice = { worst: [], probe: 0 };
      // Longest first, so ties go to the larger prefix (fewer runs when it passes).
      for (let m = hi === 0 ? n : hi - 1; m >= 1; m--) {
        const pass = solve(n - m, hi === 0 ? 0 : hi - m, left).worst;
        const fail = left >= 1 ? solve(n, m, left).worst : [];
        const worst = pass.map((p, j) => {
          const culprits = left - j;
          const w = worse(hi > 0 && culprits === 0 ? undefined : p, culprits >= 1 ? fail[j] : undefined);
          return w === undefined ? undefined : w + 1;
        });
        if (choice.probe === 0 || cheaper(worst, choice.worst)) choice = { worst, probe: m };
      }
    }
    memo.set(key, choice);
    return choice;
  };

  return {
    probe(queue, knownFail, culpritsFound) {
      const left = Math.max(knownFail > 0 ? 1 : 0, planned - culpritsFound);
      return solve(queue, knownFail, left).probe;
    },
  };
}
