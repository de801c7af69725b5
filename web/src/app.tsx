// The page shell: hash routes, with every page but the start page loaded on demand so the first
// load stays small (the whiteboard in particular is only fetched inside an interview).
import { lazy, Suspense, useEffect } from 'react';
import { href, useRoute, type Route } from './router.js';
import { Loading } from './components/loading.js';
import { StartPage } from './pages/start-page.js';

const InterviewPage = lazy(() => import('./pages/interview-page.js'));
const FinishedPage = lazy(() => import('./pages/finished-page.js'));
const HistoryPage = lazy(() => import('./pages/history-page.js'));
const ScorePage = lazy(() => import('./pages/score-page.js'));
const RoomPage = lazy(() => import('./rooms/room-page.js'));

export function App() {
  const route = useRoute();
  const key = route.page + ('id' in route ? `:${route.id}` : '');

  useEffect(() => {
    window.scrollTo(0, 0);
  }, [key]);

  if (route.page === 'room') {
    return (
      <Suspense fallback={<Loading label="Opening the room…" />}>
        <RoomPage key={key} id={route.id} {...(route.token ? { token: route.token } : {})} />
      </Suspense>
    );
  }
  if (route.page === 'interview') {
    return (
      <Suspense fallback={<Loading label="Opening the interview…" />}>
        <InterviewPage key={key} id={route.id} />
      </Suspense>
    );
  }
  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <SiteHeader route={route} />
      <main id="main" tabIndex={-1} className="page">
        <Suspense fallback={<Loading label="Loading…" />}>
          {route.page === 'start' && <StartPage />}
          {route.page === 'history' && <HistoryPage />}
          {route.page === 'score' && <ScorePage />}
          {route.page === 'finished' && <FinishedPage key={key} id={route.id} />}
          {route.page === 'not_found' && <NotFound />}
        </Suspense>
      </main>
    </div>
  );
}

function SiteHeader({ route }: { route: Route }) {
  return (
    <header className="site-header">
      <a className="brand" href={href.start()}>
        <span className="brand-mark" aria-hidden="true">◆</span> Mock system design
      </a>
      <nav aria-label="Main">
        <a href={href.start()} aria-current={route.page === 'start' ? 'page' : undefined}>New interview</a>
        <a href={href.score()} aria-current={route.page === 'score' ? 'page' : undefined}>Score a transcript</a>
        <a href={href.history()} aria-current={route.page === 'history' ? 'page' : undefined}>History</a>
      </nav>
    </header>
  );
}

function NotFound() {
  return (
    <section className="narrow">
      <h1>Page not found</h1>
      <p>
        There is nothing here. <a href={href.start()}>Start a new interview</a> or look at your <a href={href.history()}>history</a>.
      </p>
    </section>
  );
}
