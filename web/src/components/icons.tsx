// Small inline icons (no icon font, no emoji: they render the same everywhere).
const base = { width: 14, height: 14, viewBox: '0 0 16 16', fill: 'none', stroke: 'currentColor', strokeWidth: 1.8, strokeLinecap: 'round', strokeLinejoin: 'round', 'aria-hidden': true, className: 'icon' } as const;

export const ClockIcon = () => (
  <svg {...base}>
    <circle cx="8" cy="8.5" r="5.8" />
    <path d="M8 5.5v3.2l2 1.3M6.3 1.5h3.4" />
  </svg>
);

export const PivotIcon = () => (
  <svg {...base}>
    <path d="M2.5 5h9l-2.5-2.5M13.5 11h-9l2.5 2.5" />
  </svg>
);

export const InfoIcon = () => (
  <svg {...base}>
    <circle cx="8" cy="8" r="6.2" />
    <path d="M8 7.3v4M8 4.8v.1" />
  </svg>
);

export const CheckIcon = () => (
  <svg {...base} width={12} height={12}>
    <path d="M3 8.5l3 3 7-7" />
  </svg>
);

export const DownloadIcon = () => (
  <svg {...base}>
    <path d="M8 2.5v8M4.5 7.5 8 11l3.5-3.5M3 13.5h10" />
  </svg>
);

export const UploadIcon = () => (
  <svg {...base}>
    <path d="M8 11V3M4.5 6 8 2.5 11.5 6M3 13.5h10" />
  </svg>
);
