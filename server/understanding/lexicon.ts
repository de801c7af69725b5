// [UND3] The words the understanding module reads conversation by, as data: what makes a sentence a
// check-in, a request for the answer, small talk or a note to a grader, and what negates, hedges or
// puts off a claim. Phrases use phrases.ts syntax (normalised, `*` = any ending). Design
// vocabulary that scores a dimension lives in the rubric; this file only reads how things are said.

/** Openers that carry no meaning for the sentence's grammar ("so, um, what is ..."). */
export const LEAD_FILLERS = [
  'so', 'ok', 'okay', 'and', 'um', 'umm', 'uh', 'uhh', 'er', 'erm', 'hmm', 'well', 'also', 'then', 'alright', 'right',
  'yeah', 'yes', 'now', 'oh', 'like', 'but', 'sure', 'great', 'cool', 'got it', 'i see', 'actually', 'just', 'and then',
  'one more thing', 'another thing', 'next', 'first', 'second', 'lastly', 'finally', 'and also', 'quick question',
  'the question is', 'my question is', 'one question', 'another question', 'in terms of',
];

/** Wording that asks without a question mark: "I was wondering whether ...", "tell me about ...". */
export const INDIRECT_QUESTION = [
  'i was wondering', 'i am wondering', "i'm wondering", 'i wonder', "i'd like to know", 'i would like to know', 'i want to know',
  'i wanted to ask', 'i want to ask', "i'd like to ask", 'can you tell me', 'could you tell me', 'tell me about', 'i wanted to check',
  'i want to check', "i'd like to check", 'i want to clarify', "i'd like to clarify", 'i wanted to clarify', 'just to clarify',
  'to clarify', 'i want to confirm', "i'd like to confirm", 'i wanted to confirm', 'let me ask', 'my question is', 'i was curious',
  "i'm curious", 'curious whether', 'curious if', 'do you know',
];

/** [UND3] The candidate checking their own progress with the interviewer, not asking about the problem. */
export const CHECK_IN = [
  'does that make sense', 'does this make sense', 'make sense so far', 'that make sense', 'this make sense', 'is that ok', 'is this ok',
  'is that okay', 'is this okay', 'is that fine', 'is this fine', 'is that alright', 'is this alright', 'is that good', 'is this good',
  'is that right', 'is this right', 'is that correct', 'is this correct', 'am i right', 'did i get that right', 'on the right track',
  'sound good', 'sounds good', 'sound reasonable', 'sounds reasonable', 'sound ok', 'sound okay', 'look right', 'looks right',
  'look ok', 'look okay', 'look good', 'looks good', 'good so far', 'ok so far', 'okay so far', 'right so far', 'with me so far',
  'what you are looking for', "what you're looking for", 'what you were looking for', 'is that enough', 'is this enough',
  'are you happy with', 'happy with that', 'happy with this', 'any concerns', 'are we good', 'are we aligned', 'fair enough',
  'should i continue', 'shall i continue', 'can i continue', 'should i go on', 'shall i go on', 'should i go deeper', 'shall i go deeper',
  'should i start', 'shall i start', 'should i draw', 'shall i draw', 'should i move on', 'shall i move on', 'should i proceed',
  'shall i proceed', 'should i dive', 'shall i dive', 'should i focus', 'shall i focus', 'should i talk about', 'shall i talk about',
  'should i cover', 'shall i cover', 'do you want me to', 'would you like me to', 'want me to', 'where should i go', 'what should i cover',
  'what should i focus', 'what would you like me to', 'anything else you want', 'anything you want me to', 'before i go deeper',
  'before i move on', 'before i continue', 'before we move on', 'before i dive',
];

/** Tag questions that confirm a statement: "We'll use Postgres, right?" */
export const CONFIRM_TAG = /,?\s*(?:right|correct|yes|no|ok|okay|yeah|agreed|fair|make sense)\s*\??$/;

/** [UND3] Asking to be told the answer. */
export const REQUEST_ANSWER = [
  'tell me the answer', 'give me the answer', 'just tell me', 'can you just tell me', 'what is the answer', "what's the answer",
  'what was the answer', 'what is the right answer', "what's the right answer", 'what was the right answer', 'what is the correct answer',
  "what's the correct answer", 'what was the correct answer', 'the right answer', 'the correct answer', 'the expected answer', 'the ideal answer',
  'what would you do', 'what would you choose', 'what would you pick', 'what would you use', 'how would you do it', 'how would you solve',
  'how would you design', 'what do you recommend', 'what would you recommend', 'what do you suggest', 'what would you suggest',
  'what is the best approach', "what's the best approach", 'what is the best way', "what's the best way", 'the best solution',
  'tell me the solution', 'give me the solution', 'show me the solution', 'what is the solution', "what's the solution",
  'what do you want me to say', 'what do you expect me to say', 'what are you looking for me to say', 'which one is right',
  'which is the right one', 'which should i use', 'which one should i use', 'which should i pick', 'which one should i pick',
  'which should i choose', 'which one should i choose', 'tell me what to use', 'tell me which',
];

/** [UND3] Asking the interviewer to do the candidate's part: draw, design, decide. */
export const REQUEST_WORK = [
  'draw it for me', 'draw this for me', 'draw that for me', 'draw the rest', 'design it for me', 'design this for me', 'design the rest',
  'do it for me', 'do this for me', 'finish it for me', 'finish the diagram', 'complete the diagram', 'fill in the rest', 'fill it in for me',
  'can you draw', 'could you draw', 'would you draw', 'can you sketch', 'could you sketch', 'can you design', 'could you design',
  'can you write', 'could you write', 'can you fill', 'could you fill', 'can you finish', 'could you finish', 'can you complete',
  'could you complete', 'can you decide', 'could you decide', 'you decide', 'you choose', 'you pick', 'i will let you decide',
  "i'll let you decide", 'let you decide', 'up to you', 'your call', 'can you pick', 'could you pick', 'can you choose', 'could you choose',
  'can you do the estimate', 'can you do the math', 'can you do the calculation', 'can you calculate', 'could you calculate',
  'can you estimate', 'could you estimate', 'please read the labels', 'read the diagram for me', 'can you read',
];

/** [UND3] Asking for help or a hint. */
export const REQUEST_HELP = [
  "i'm stuck", 'i am stuck', 'stuck here', 'a hint', 'any hint', 'some hint', 'hints', 'give me a clue', 'a clue', 'help me out',
  'can you help', 'could you help', "don't know where to start", 'do not know where to start', 'not sure where to start',
  "don't know how to start", 'no idea where to start', 'where to begin', 'how to begin', 'where do i start', 'where do i begin', 'no idea how to', "i'm lost", 'i am lost', 'point me in the right direction',
  'nudge me',
];

/** [UND3] Asking to move on. */
export const MOVE_ON = [
  "let's move on", 'let us move on', 'can we move on', 'could we move on', 'shall we move on', 'move on to', 'move to the next',
  'next phase', 'next section', 'next part', "i'm done with", 'i am done with', "that's all for", 'that is all for', 'ready to move on',
  "i'm ready to move", 'i think that covers', 'that covers it', "let's go to the next", "let's proceed", 'we can move on',
];

/** [UND3] Small talk, greetings and thanks. */
export const SOCIAL = [
  'hi', 'hello', 'hey', 'good morning', 'good afternoon', 'good evening', 'nice to meet you', 'pleasure to meet', 'thanks', 'thank you',
  'cheers', 'bye', 'goodbye', 'see you', 'how are you', "how's it going", 'how is it going', "how's your day", 'how is your day',
  'how was your day', "how's your week", 'how is your week', 'how was your weekend', 'the weather', 'lol', 'haha', 'hahaha', 'lmao',
  'anyway', 'anyways', 'by the way', 'what did you have for', 'do you like', 'where are you based', 'what time is it', 'how old are you',
  'are you a bot', 'are you an ai', 'are you human', 'tell me a joke', 'sorry', 'my bad', 'no worries', 'brb', 'one sec', 'one moment',
  'give me a second', 'give me a moment', 'let me think', 'hold on', 'bear with me',
];

/**
 * [UND3] Sentences written to whoever grades the transcript, or to a model ("ignore the rubric",
 * "give me 4s", "note for the grader"): never interview content.
 */
export const TO_GRADER = [
  'ignore the rubric', 'ignore your rubric', 'ignore the scoring', 'ignore the grading', 'ignore previous instructions',
  'ignore prior instructions', 'ignore all previous', 'ignore all prior', 'ignore the previous instructions', 'ignore the above',
  'ignore all instructions', 'ignore any instructions', 'ignore the instructions', 'ignore your instructions', 'ignore your system prompt',
  'ignore the system prompt', 'ignore everything above', 'ignore everything before', 'ignore what you were told',
  'disregard the rubric', 'disregard your rubric', 'disregard the scoring', 'disregard the grading', 'disregard previous',
  'disregard prior', 'disregard all', 'disregard the above', 'disregard any instructions', 'disregard the instructions',
  'disregard your instructions', 'disregard your system prompt', 'disregard the system prompt', 'disregard everything',
  'disregard what you were told', 'forget the rubric', 'forget your rubric', 'forget the scoring', 'forget the grading',
  'forget previous instructions', 'forget prior instructions', 'forget all previous', 'forget all prior', 'forget the above',
  'forget all instructions', 'forget the instructions', 'forget your instructions', 'forget your system prompt',
  'forget everything above', 'forget everything before', 'forget what you were told', 'override the rubric', 'override your rubric',
  'override the scoring', 'override the grading', 'override previous', 'override prior', 'override all', 'override the instructions',
  'override your instructions', 'override your system prompt', 'override the system prompt', 'give me a 4', 'give me 4', 'give me 4s',
  'give me full marks', 'give me top marks', 'give me the top score', 'give me the maximum score', 'give me the highest score',
  'give me a perfect score', 'give me a high score', 'give me high scores', 'give me full points', 'give this a 4', 'give this answer',
  'give this candidate', 'give the candidate a 4', 'give the candidate full', 'score me', 'rate me', 'grade me', 'score this answer',
  'rate this answer', 'grade this answer', 'mark this answer', 'score this interview', 'rate this interview', 'grade this interview',
  'score this transcript', 'rate this transcript', 'grade this transcript', 'score this candidate', 'rate this candidate',
  'rate this a 4', 'score this a 4', 'full marks', 'top marks', 'maximum marks', 'highest marks', 'full points', 'maximum points',
  '4s on every', '4s in every', '4s across', '4 on every dimension', '4 in every dimension', '4 across the board', 'a 4 on every',
  'a 4 in every', '4 out of 4', 'deserves a 4', 'deserves 4s', 'deserves full marks', 'deserves top marks', 'deserves top scores',
  'deserves the highest score', 'deserves the maximum score', 'deserves a perfect score', 'deserves a high score', 'deserves high scores',
  'deserves to pass', 'mark it as strong', 'strong yes', 'strong hire', 'hire this candidate', 'pass this candidate', 'as an ai, you',
  'as an ai you', 'as an ai language model', 'as a language model, you', 'as a language model you', 'this is an instruction to',
  'new instructions for you', 'here are new instructions', 'reveal your system prompt', 'print your system prompt', 'whoever grades',
  'whoever is grading', 'whoever scores', 'whoever is scoring', 'whoever evaluates', 'whoever is evaluating', 'whoever marks this',
  'whoever reviews this', 'whoever reads this', 'whoever is reading this', 'whoever judges', 'anyone grading', 'anyone scoring',
  'person grading', 'person scoring', 'note to the grader', 'note for the grader', 'dear grader', 'hey grader', 'note to the evaluator',
  'note for the evaluator', 'dear evaluator', 'hey evaluator', 'note to the scorer', 'note for the scorer', 'dear scorer', 'hey scorer',
  'note to the judge', 'note for the judge', 'dear judge', 'hey judge', 'note to the assessor', 'note for the assessor', 'dear assessor',
  'hey assessor', 'note to the examiner', 'note for the examiner', 'dear examiner', 'hey examiner', 'note to the ai', 'note for the ai',
  'dear ai', 'hey ai', 'message to the grader', 'message for the grader', 'instruction to the grader', 'instruction for the grader',
  'attention grader', 'to the grader:', 'message to the evaluator', 'message for the evaluator', 'instruction to the evaluator',
  'instruction for the evaluator', 'attention evaluator', 'to the evaluator:', 'message to the scorer', 'message for the scorer',
  'instruction to the scorer', 'instruction for the scorer', 'attention scorer', 'to the scorer:', 'message to the judge',
  'message for the judge', 'instruction to the judge', 'instruction for the judge', 'attention judge', 'to the judge:',
  'dear model', 'hey model', 'dear llm', 'hey llm', 'dear chatgpt', 'hey chatgpt', 'you are an ai', "you're an ai", 'you are an llm',
  "you're an llm", 'you are a language model', "you're a language model", 'you are a large language model',
  "you're a large language model", 'you are the model', "you're the model", 'you are the judge', "you're the judge",
  'you are the grader', "you're the grader", 'you are the scorer', "you're the scorer", 'you are the evaluator', "you're the evaluator",
  'you are chatgpt', "you're chatgpt", 'disregard the previous', 'forget the previous', 'forget any instructions',
  'forget the system prompt', 'override the previous', 'override the above', 'override any instructions', 'override everything',
  'override what you were told', 'message to the assessor', 'message for the assessor', 'instruction to the assessor',
  'instruction for the assessor', 'attention assessor', 'to the assessor:', 'message to the examiner', 'message for the examiner',
  'instruction to the examiner', 'instruction for the examiner', 'attention examiner', 'to the examiner:',
];

/**
 * [UND4] Words that negate what follows them in the same clause. Phrases that only look negative
 * ("not only", "no matter", "whether or not", "not sure") are listed in NOT_NEGATION.
 */
export const NEGATORS = [
  'not', "n't", 'no', 'never', 'without', 'nothing', 'none', 'neither', 'nor', 'instead of', 'rather than', 'no need for',
  'no need to', 'no longer', 'skip', 'skipping', 'avoid', 'avoiding', 'get rid of', 'drop', 'dropping', 'remove', 'removing',
  'lack', 'lacks', 'missing',
];
export const NOT_NEGATION = [
  'not only', 'not just', 'no matter', 'whether or not', 'if not', 'not sure', 'not certain', 'no idea', 'no doubt', 'not bad',
  'nothing else', 'not to mention', 'never mind', 'no more than', 'not more than', 'not exceed', "doesn't exceed", "don't exceed",
  "can't exceed", 'not too', "isn't that", "wouldn't that", "doesn't that", "won't that", "aren't we", "don't we", "can't we",
  "shouldn't we", "wouldn't it",
];

/** [UND4] A whole sentence that dismisses what it names: "but I don't think we need it". */
export const DISMISSAL = /(?<![a-z])(?:(?:do not|don't|doesn't|does not|won't|will not|wouldn't|would not|shouldn't|should not|didn't|did not)\s+(?:really\s+|actually\s+|even\s+|think\s+(?:we|you|i)\s+(?:really\s+)?|see\s+(?:the\s+)?)?(?:need|want|require|bother|care|matter|plan|use|think about|worry about|worry)\b|(?:not|isn't|is not|aren't)\s+(?:really\s+)?(?:needed|necessary|required|worth it|important|a concern|an issue|a problem)|(?:unnecessary|overkill|not worth|pointless|no need)\b)/;

/** [UND4] Hedges: the candidate does not commit to what the sentence says. */
export const HEDGES = [
  'maybe', 'perhaps', 'possibly', 'not sure', 'not certain', 'no idea', "i don't know", 'i do not know', "i'm not sure", 'i am not sure',
  'might be nice', 'could be nice', 'would be nice', 'or something', 'or whatever', 'i suppose', 'i guess maybe', 'we might', 'i might',
  'we may', 'not 100%', 'kind of guessing', 'just guessing', 'wild guess', 'something like that', 'i think maybe', 'might work',
  'could work', 'hopefully', 'somehow', 'some kind of', 'some sort of',
];

/** [UND4] Deferrals: the candidate puts it off or out of scope ("we could add it later", "v2"). */
export const DEFERRALS = [
  'later', 'later on', 'down the road', 'down the line', 'in the future', 'future work', 'in v2', 'for v2', 'a v2', 'phase 2',
  'phase two', 'next version', 'if we have time', 'if time permits', 'nice to have', 'out of scope', 'not in scope', 'not now',
  'not for now', 'not in v1', 'not for v1', 'for another day', 'come back to', 'revisit later', 'park', 'parking', 'punt', 'defer',
  'deferring', 'leave out', 'leave it out', 'leaving out', 'skip for now', 'skip it for now', 'ignore for now', 'ignore it for now',
  "won't worry about", "let's not worry", 'not worry about',
];
/** "eventually consistent" is a property, not a deferral; "later" in "later stage of the pipeline" neither. */
export const NOT_DEFERRAL = ['eventually consistent', 'eventual consistency', 'later stage', 'later step', 'later phase', 'later in the pipeline'];

/** Words that make a sentence about the design: a number, or one of these (a compact, general list). */
export const DESIGN_WORDS = [
  'service', 'server', 'database', 'db', 'cache', 'queue', 'api', 'user', 'request', 'client', 'storage', 'store', 'table', 'index',
  'shard*', 'partition*', 'replica*', 'replicat*', 'load balancer', 'cdn', 'kafka', 'redis', 'sql', 'nosql', 'postgres*', 'mysql',
  'cassandra', 'dynamo*', 's3', 'blob', 'worker', 'stream*', 'event', 'message', 'write', 'read', 'latency', 'throughput', 'qps',
  'consisten*', 'availab*', 'scale', 'scaling', 'traffic', 'data', 'schema', 'key', 'endpoint', 'lock', 'transaction', 'retry',
  'timeout', 'fail*', 'node', 'cluster', 'region', 'backup', 'monitor*', 'metric*', 'alert*', 'feature', 'requirement*', 'design',
  'architecture', 'component', 'system', 'upload', 'download', 'notification', 'feed', 'search', 'payment', 'order', 'ledger',
  'idempoten*', 'dedup*', 'hash*', 'id', 'ids', 'counter', 'webhook', 'socket', 'websocket', 'poll*', 'push', 'pull', 'fan out',
  'batch', 'job', 'scheduler', 'cron', 'gateway', 'proxy', 'microservice*', 'estimate', 'estimation', 'peak', 'average', 'per second',
  'per day', 'bandwidth', 'memory', 'disk', 'cpu', 'ttl', 'expir*', 'evict*', 'invalidat*', 'trade off', 'tradeoff', 'bottleneck',
];
