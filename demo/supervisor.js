// The supervisor page of the demo CRM: both supervisor views on one simulated floor.
import '../cdn/flex-elements.js';

const provider = document.getElementById('provider');
const toggle = document.getElementById('switch-floor');
const status = document.getElementById('floor-size');

// Warn at a few breaches so the demo shows highlighted cells and their notifications.
provider.appConfig = {
  queueStats: {
    thresholds: {
      waiting: { warning: 3, critical: 8 },
      longestWait: { warning: 60, critical: 180 },
      abandonedPctToday: { warning: 5, critical: 15 },
    },
  },
};

const params = new URLSearchParams(location.search);
if (params.get('agents')) setAgents(Number(params.get('agents')));

toggle.addEventListener('click', () => {
  const big = provider.getAttribute('sim-agents') === '10000';
  setAgents(big ? 300 : 10000);
});

function setAgents(count) {
  // A new sim-agents value starts a new session on a floor of that size.
  provider.setAttribute('sim-agents', String(count));
  const big = count >= 10000;
  toggle.setAttribute('aria-pressed', String(big));
  toggle.textContent = big ? 'Switch to 300 agents' : 'Switch to 10,000 agents';
  status.textContent = `${count.toLocaleString()} simulated agents, 12 queues`;
}
