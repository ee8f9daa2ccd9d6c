import { useState } from 'preact/hooks';
import { ApiError } from '../api/admin-api';
import { useLiveStream } from '../api/live-stream';
import { DeadLetters } from './dead-letters';
import { Overview } from './overview';
import { Sagas } from './sagas';

const TABS = { overview: 'Overview', sagas: 'Sagas', 'dead-letters': 'Dead letters' } as const;
type Tab = keyof typeof TABS;

/** The signed-in page: one live stream shared by the three views. */
export function Console({
  token,
  onSignOut,
}: {
  token: string;
  onSignOut: (error?: ApiError) => void;
}) {
  const [tab, setTab] = useState<Tab>('overview');
  const live = useLiveStream(token, onSignOut);

  return (
    <div class="console">
      <header>
        <h1>Railyard console</h1>
        <nav aria-label="Views">
          {(Object.keys(TABS) as Tab[]).map((name) => (
            <button
              type="button"
              key={name}
              data-testid={`tab-${name}`}
              aria-pressed={tab === name}
              onClick={() => setTab(name)}
            >
              {TABS[name]}
            </button>
          ))}
        </nav>
        <span class={live.connected ? 'live on' : 'live'} data-testid="live-status" role="status">
          {live.connected ? 'live' : (live.error ?? 'connecting…')}
        </span>
        <button type="button" data-testid="sign-out" onClick={() => onSignOut()}>
          Sign out
        </button>
      </header>
      <main>
        {tab === 'overview' && <Overview overview={live.overview} />}
        {tab === 'sagas' && <Sagas token={token} live={live} onDenied={onSignOut} />}
        {tab === 'dead-letters' && <DeadLetters token={token} live={live} onDenied={onSignOut} />}
      </main>
    </div>
  );
}
