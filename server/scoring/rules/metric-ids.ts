// The closed list of evidence metrics the offline pass measures. The rubric's conditions may only
// name these, so a typo in rubric.yaml fails at load instead of silently never firing.
export const METRIC_IDS = [
  // requirements and scoping
  'req.questions',
  'req.nfrTopics',
  'req.scoping',
  'req.outOfScope',
  'req.functional',
  'req.factsUncovered',
  'req.factsShare',
  // estimation
  'est.figures',
  'est.derivations',
  'est.readWrite',
  'est.tiedToDesign',
  'est.checkedShare',
  'est.inRange',
  'est.off',
  'est.slips',
  'est.heldWrong',
  'est.calledFor',
  // high-level design
  'hld.components',
  'hld.componentsShare',
  'hld.dataFlow',
  'hld.api',
  'hld.diagram',
  'hld.heavyInfra',
  // depth
  'depth.mechanisms',
  'depth.deepDives',
  'depth.hardPartGaps',
  'depth.coreMissed',
  'depth.longTurns',
  'depth.bottlenecks',
  'depth.concurrency',
  'depth.raceCore',
  'depth.earlyDetail',
  // trade-offs
  'trade.alternatives',
  'trade.language',
  'trade.justifications',
  'trade.absolutes',
  // adaptability
  'adapt.pivotResponse',
  'adapt.pivotExpectsShare',
  'adapt.pivotNewTerms',
  'adapt.pivotDismissed',
  'adapt.pushbacks',
  'adapt.pushedBack',
  'adapt.pushbackEngaged',
  'adapt.revisions',
  // failure modes and operations
  'fail.terms',
  'fail.scenarios',
  'fail.ops',
  // communication and time management
  'comm.talkShare',
  'comm.candidateLed',
  'comm.signposts',
  'comm.checkIns',
  'comm.decisions',
  'comm.nudgeRate',
  'comm.terseShare',
  'comm.phaseOverruns',
  'comm.timeShare',
  'comm.designShare',
  'comm.asksForWork',
  // context
  'scale.maxQps',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];
