// The understanding module: the one reader of what the candidate said, shared by the interviewer
// and the scorer. Ground floor: it imports nothing from domain/, interviewer/ or scoring/.
export { type Act, ACT_PRIORITY, type Polarity, classifySentence, isQuestionSentence, polarityAt, stripLead } from './classify.js';
export { type ArithmeticSlip, calculationSlips, rateSlips } from './arithmetic.js';
export { type AntiPatternLike, type CueLike, type CueState, type Said, cueState, showsAntiPattern } from './claims.js';
export { type PhraseSet, compilePhrases, hasPhrase, matchedPhrase, mentionsAny, mentionsLoosely, phraseSet, phrasesIn } from './phrases.js';
export { type EstimateKind, ESTIMATE_KINDS, type EstimateVerdict, type Quantity, formatQuantity, judge, parseQuantities, parseQuantity } from './quantities.js';
export { type SentenceReading, type TermHit, type TurnReading, asserts, hedges, mainAct, readSentence, readTurn, rejects, states, termHits } from './read-turn.js';
export { MAX_QUOTE_CHARS, type Span, normalize, quoteOf, sentenceSpans, wordCount } from './text.js';
