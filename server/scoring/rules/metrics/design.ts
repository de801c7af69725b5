// High-level design: the components named in the diagram or the talk (the problem's expected
// ones when known, a generic list always), the data flow, the API and data model.
import { mentionsAny } from '../../../domain/fact-topics.js';
import { normalize, phraseSet, phrasesIn } from '../../../understanding/phrases.js';
import type { Report } from '../../types.js';
import type { Sentence } from '../../reading/transcript-index.js';
import { polarityAt } from '../../../understanding/classify.js';
import { type Hit, type MetricContext, type MetricValues, UNMEASURED, countMetric, creditable, distinctTerms, measured, round2, says } from './context.js';

export function designMetrics(ctx: MetricContext): { metrics: MetricValues; components: Report['components'] } {
  const { index, vocab, input, pivot } = ctx;
  const diagram = input.diagramText?.trim() ?? '';
  const talked = distinctTerms(index.candidate, vocab.components);
  // [SCO48] Components named as people name them: "the location service", "a document store".
  for (const s of index.candidate) for (const name of namedComponents(s)) if (!talked.has(name)) talked.set(name, s);
  const drawn = diagram ? phrasesIn(vocab.components, normalize(diagram)).filter((t) => !talked.has(t)) : [];
  const beforePivot = pivot ? index.candidate.filter((s) => s.turn < pivot.turn) : index.candidate;
  const heavy = distinctTerms(beforePivot, vocab.heavyInfra);

  const metrics: MetricValues = {
    'hld.components': measured(talked.size + drawn.length, [...new Set(talked.values())].map((sentence) => ({ sentence }))),
    'hld.componentsShare': UNMEASURED,
    'hld.dataFlow': countMetric(index.candidate, vocab.dataFlow),
    'hld.api': countMetric(index.candidate, vocab.api),
    'hld.diagram': diagram ? measured(diagram.split('\n').filter((l) => l.trim()).length) : UNMEASURED,
    'hld.heavyInfra': measured(heavy.size, [...new Set(heavy.values())].map((sentence) => ({ sentence }))),
  };

  const problem = input.problem;
  if (!problem) return { metrics, components: null };
  const covered: NonNullable<Report['components']>['covered'] = [];
  const missed: NonNullable<Report['components']>['missed'] = [];
  const hits: Hit[] = [];
  for (const c of problem.components) {
    // [SCO38] A component is covered in the talk by a statement that states it, not by a question,
    // "we don't need X", "maybe some kind of X" or a bare list of names.
    const set = phraseSet(c.synonyms);
    const sentence = index.candidate.find((s) => says(s, set).length > 0);
    if (sentence) {
      covered.push({ id: c.id, label: c.label, where: 'talk', turn: sentence.turn });
      hits.push({ sentence });
    } else if (diagram && mentionsAny(diagram, c.synonyms)) {
      covered.push({ id: c.id, label: c.label, where: 'diagram' });
    } else {
      missed.push({ id: c.id, label: c.label });
    }
  }
  metrics['hld.componentsShare'] = measured(round2(covered.length / problem.components.length), hits);
  return { metrics, components: { covered, missed } };
}

/** The head nouns that make a two-word name a component: "photo service", "document store". */
const COMPONENT_HEAD = 'service|server|manager|store|database|db|queue|worker|cluster|cache|gateway|storage|broker|scheduler|processor|pipeline|index|registry|proxy|dispatcher|aggregator|consumer|producer|coordinator|balancer|tier|layer';
/** Words before a head that do not name anything ("the service", "this store", "we store"). */
const NOT_A_NAME = new Set(
  [
    'the a an this that these those our their its my your his her one two three some any each every another other same separate single main new old',
    'we i you they it he she us them to can will would should could may might must do does did have has had is are was were be been being',
    'and or of in on for from with by at as into onto between via per than then so but if when what which who how where why all both either',
    'just also only even still more most less many much multiple several few lot lots bunch kind sort type types real big small large simple',
    'different common special whole entire actual own other another next last first second third use using used uses put puts store stores save',
    'call calls send sends go goes get gets make makes add adds need needs want wants like there here',
  ]
    .join(' ')
    .split(' '),
);
const NAMED = new RegExp(`(?<![a-z0-9])([a-z][a-z0-9]+) (?:${COMPONENT_HEAD})s?(?![a-z0-9])`, 'g');

/**
 * [SCO48] Distinct components a statement names in the form people use for their own parts of a
 * design: a word and a component noun ("location service", "document store", "result cache"), the
 * noun asserted (not "we don't need a location service"). Names are keyed by their words, so one
 * service said twice counts once.
 */
function namedComponents(s: Sentence): string[] {
  if (!creditable(s) || !NAMED_ANY.test(s.norm)) return [];
  const out: string[] = [];
  for (const m of s.norm.matchAll(NAMED)) {
    // A verb form or an adverb before the noun does not name it ("using workers", "only store").
    if (NOT_A_NAME.has(m[1]!) || /(?:ing|ly|ed)$/.test(m[1]!)) continue;
    if (polarityAt(s.norm, m.index, s.clauses, m[0].length) !== 'asserted') continue;
    const name = m[0].replace(/s$/, '');
    if (!out.includes(name)) out.push(name);
  }
  return out;
}
const NAMED_ANY = new RegExp(`(?<![a-z0-9])(?:${COMPONENT_HEAD})s?(?![a-z0-9])`);
