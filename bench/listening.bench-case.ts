// [LIS*] How well the interviewer listens, over the scripted candidates (a senior who answers
// ahead, a junior who asks for the answer, a mid who makes the known mistakes, an adversarial
// one): probes asked after they were answered (goal 0), known mistakes challenged in the next
// reply (goal 100 %), identical replies (goal 0), catch-all replies per interview.
import { listeningFigures, playScript } from '../tests/support/interview-script.js';
import { adversarial, juniorAsks, midPaymentsMistakes, seniorAhead } from '../tests/support/scripted-candidates.js';

export async function run(): Promise<Record<string, number | string>> {
  const scripts = [
    ['payment-system', midPaymentsMistakes],
    ['payment-system', seniorAhead],
    ['url-shortener', juniorAsks],
    ['url-shortener', adversarial],
  ] as const;
  const all = scripts.map(([problem, script]) => listeningFigures(problem, playScript(problem, script).turns));
  const sum = (k: keyof (typeof all)[number]) => all.reduce((n, f) => n + f[k], 0);
  const said = sum('antiPatternsSaid');
  return {
    interviews: all.length,
    replies: sum('replies'),
    'probes asked after they were answered': sum('probesAskedAfterAnswered'),
    'known mistakes said': said,
    'known mistakes challenged within one turn (%)': said === 0 ? 100 : Math.round((100 * sum('antiPatternsChallenged')) / said),
    'identical replies': sum('identicalReplies'),
    'facts recited after a statement': sum('factsAfterStatements'),
    'catch-all replies per interview': Number((sum('catchAll') / all.length).toFixed(2)),
  };
}
