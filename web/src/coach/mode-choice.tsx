// [COACH1] The start page's choice of how the interview runs: an interview (no help) or coach mode.
import type { InterviewMode } from '../../../server/protocol/index.js';

const MODES: Array<{ id: InterviewMode; name: string; hint: string }> = [
  { id: 'interview', name: 'Interview', hint: 'As on the day: no help. The report scores you as you are.' },
  { id: 'coach', name: 'Coach', hint: 'Ask for a hint when stuck: a nudge, a pointer, then a sketch. The report marks what was assisted.' },
];

export function ModeChoice({ mode, onChange }: { mode: InterviewMode; onChange: (m: InterviewMode) => void }) {
  return (
    <fieldset className="levels" data-testid="mode-choice">
      <legend><h2>Mode</h2></legend>
      {MODES.map((m) => (
        <label key={m.id} className={`level-option${m.id === mode ? ' selected' : ''}`}>
          <input type="radio" name="mode" value={m.id} checked={m.id === mode} onChange={() => onChange(m.id)} />
          <span>
            <span className="level-name">{m.name}</span>
            <span className="level-hint">{m.hint}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
