// High-level design: the components named in the diagram or the talk (the problem's expected
// ones when known, a generic list always), the data flow, the API and data model.
import { mentionsAny } from '../../domain/fact-topics.js';
import { normalize, phraseSet, phrasesIn } from '../../understanding/phrases.js';
import type { Report } from '../types.js';
import { type Hit, type MetricContext, type MetricValues, UNMEASURED, countMetric, distinctTerms, measured, round2, says } from './context.js';

export function designMetrics(ctx: MetricContext): { metrics: MetricValues; components: Report['components'] } {
  const { index, vocab, input, pivot } = ctx;
  const diagram = input.diagramText?.trim() ?? '';
  const talked = distinctTerms(index.candidate, vocab.components);
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
