import type {} from 'flex-elements/react';
import { useState } from 'react';

type ReadyDetail = { identity?: string; role?: string; backend?: string; workerSid?: string };

export function App() {
  const [renders, setRenders] = useState(0);
  const [dark, setDark] = useState(true);
  const [shown, setShown] = useState(true);
  const [ready, setReady] = useState<ReadyDetail | null>(null);
  const [readyCount, setReadyCount] = useState(0);

  return (
    <main>
      <button type="button" onClick={() => setRenders((n) => n + 1)}>
        Re-render
      </button>
      <button type="button" onClick={() => setDark((d) => !d)}>
        Toggle theme
      </button>
      <button type="button" onClick={() => setShown((s) => !s)}>
        Toggle provider
      </button>
      <p data-testid="renders">{renders}</p>
      <p data-testid="ready" data-count={readyCount}>
        {ready ? ready.identity : ''}
      </p>
      {shown && (
        <flex-provider
          sim-traffic="off"
          sim-clock="manual"
          identity="ana@example.com"
          appConfig={{ theme: { name: dark ? 'dark' : 'light' } }}
          onflex-ready={(e) => {
            setReady(e.detail);
            setReadyCount((n) => n + 1);
          }}
        >
          <flex-agent-desktop></flex-agent-desktop>
        </flex-provider>
      )}
    </main>
  );
}
